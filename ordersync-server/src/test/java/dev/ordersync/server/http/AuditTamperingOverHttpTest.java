package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit trail of a running server under concurrent writes, then tampered with by a database
 * superuser in each of the ways the chain exists to expose: the verify route (and the offline
 * command, for the cut tail) names each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTamperingOverHttpTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static String admin;

  @BeforeAll
  static void anAuditor() {
    String email = "auditor-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(email, "Auditor", "auditor password long"));
    admin =
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"auditor password long\"}",
                null)
            .text("access_token");
  }

  @Test
  @Order(1)
  void thirtyTwoThreadsAppendingAtOnceLeaveAValidChain() throws Exception {
    Scenario story = new Scenario(api);
    Scenario.Owner owner = story.anOwnerWithARestaurant("Busy Kitchen");
    String item = story.anItem(owner, "Tteokbokki", 5000, null);
    int threads = 32;
    int perThread = 3;
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<String>>> placed = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      placed.add(
          pool.submit(
              () -> {
                together.await(30, TimeUnit.SECONDS);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  Api.Response r =
                      api.post(
                          "/api/v1/orders",
                          Scenario.orderBody(owner.restaurantId(), item, 1),
                          null);
                  assertEquals(201, r.status(), r::toString);
                  ids.add(r.text("id"));
                }
                return ids;
              }));
    }
    List<String> orders = new ArrayList<>();
    for (Future<List<String>> f : placed) {
      orders.addAll(f.get(120, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertEquals(threads * perThread, orders.size());

    long size = checkpointEverything();
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*), min(sequence), max(sequence), count(DISTINCT sequence)"
                  + " FROM audit.audit_log")) {
        rs.next();
        assertEquals(size, rs.getLong(1), "the checkpoint covers every record");
        assertEquals(1, rs.getLong(2));
        assertEquals(rs.getLong(1), rs.getLong(3), "sequence numbers have no gap");
        assertEquals(rs.getLong(1), rs.getLong(4), "and no duplicate");
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(DISTINCT entity_id) FROM audit.audit_log"
                  + " WHERE action = 'CREATE_ORDER' AND entity_id IN ('"
                  + String.join("','", orders)
                  + "')")) {
        rs.next();
        assertEquals(threads * perThread, rs.getInt(1), "one CREATE_ORDER record per order");
      }
    }
    JsonNode verified = verify();
    assertTrue(verified.path("intact").asBoolean(), verified::toString);
    assertEquals(size, verified.path("records").asLong(), verified::toString);
  }

  @Test
  @Order(2)
  void aModifiedRecordIsNamedAndRestoringItMakesTheTrailWholeAgain() throws Exception {
    checkpointEverything();
    long target = middle();
    String before;
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      before = one(s, "SELECT entity_id FROM audit.audit_log WHERE sequence = " + target);
      s.execute("UPDATE audit.audit_log SET entity_id = 'someone-else' WHERE sequence = " + target);
    }
    assertOnlyFinding("MODIFIED", target);
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute(
          "UPDATE audit.audit_log SET entity_id = '" + before + "' WHERE sequence = " + target);
    }
    assertTrue(verify().path("intact").asBoolean());
  }

  @Test
  @Order(3)
  void aDeletedRecordIsNamed() throws Exception {
    checkpointEverything();
    long target = middle();
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE public.saved_audit AS SELECT * FROM audit.audit_log WHERE sequence = "
              + target);
      s.execute("DELETE FROM audit.audit_log WHERE sequence = " + target);
    }
    assertOnlyFinding("DELETED", target);
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO audit.audit_log SELECT * FROM public.saved_audit");
      s.execute("DROP TABLE public.saved_audit");
    }
    assertTrue(verify().path("intact").asBoolean());
  }

  @Test
  @Order(4)
  void twoSwappedRecordsAreNamed() throws Exception {
    checkpointEverything();
    long a = middle();
    long b = a + 1;
    swap(a, b);
    JsonNode v = verify();
    assertFalse(v.path("intact").asBoolean(), v::toString);
    List<Long> reordered = new ArrayList<>();
    for (JsonNode f : v.path("findings")) {
      assertEquals("REORDERED", f.path("kind").asText(), v::toString);
      reordered.add(f.path("sequence").asLong());
    }
    assertFalse(reordered.isEmpty(), v::toString);
    assertTrue(List.of(a, b).containsAll(reordered), "the swapped pair is named: " + v);
    swap(a, b);
    assertTrue(verify().path("intact").asBoolean());
  }

  @Test
  @Order(5)
  void aCutTailIsCaughtByTheExportedCheckpointsEvenWhenTheDatabaseCopiesAreGone() throws Exception {
    long size = checkpointEverything();
    Path exported = server.dataDir().resolve("audit-checkpoints");
    assertTrue(
        Files.exists(exported.resolve(String.format("checkpoint-%012d.txt", size))),
        "the checkpoint was exported outside the database");
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      // The thorough attacker: the last three records go, and with them every checkpoint the
      // database holds.
      s.execute("DELETE FROM audit.audit_log WHERE sequence > " + (size - 3));
      s.execute("DELETE FROM audit.audit_checkpoint");
    }
    assertOnlyFinding("TRUNCATED", size - 2);

    // Offline, with a copy of the exported files, as an operator would run it: exit status 2, the
    // cut named.
    Path copy = Files.createTempDirectory("checkpoint-copy");
    try (var files = Files.newDirectoryStream(exported)) {
      for (Path f : files) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Run withCopies = auditVerify(copy);
    assertEquals(2, withCopies.exit, withCopies.out);
    assertTrue(withCopies.out.contains("TRUNCATED at sequence " + (size - 2)), withCopies.out);

    // Without the files, the database alone can no longer tell: this is why the checkpoints are
    // exported.
    Run withoutCopies = auditVerify(Files.createTempDirectory("no-checkpoints"));
    assertEquals(0, withoutCopies.exit, withoutCopies.out);
    TestServer.deleteTree(copy);
  }

  private record Run(int exit, String out) {}

  private static Run auditVerify(Path checkpoints) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ordersync.server.Main",
                "audit",
                "verify",
                "--checkpoints",
                checkpoints.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    Path data = Files.createTempDirectory("ordersync-audit-cmd");
    pb.environment().put("ORDERSYNC_DATA_DIR", data.toString());
    pb.environment().put("ORDERSYNC_KEYS_DIR", server.dataDir().resolve("keys").toString());
    pb.environment().put("ORDERSYNC_DB_URL", server.database().url());
    pb.environment().put("ORDERSYNC_DB_USER", "postgres");
    pb.environment().put("ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    TestServer.deleteTree(data);
    return new Run(p.exitValue(), out);
  }

  /** Seals everything committed and signs a checkpoint of all of it; returns its size. */
  private static long checkpointEverything() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      server.sealAuditNow();
      try (Connection c = server.database().connect();
          Statement s = c.createStatement()) {
        long pending = Long.parseLong(one(s, "SELECT count(*) FROM audit.audit_pending"));
        long sealed = Long.parseLong(one(s, "SELECT count(*) FROM audit.audit_log"));
        long signed =
            Long.parseLong(
                one(s, "SELECT coalesce(max(tree_size), 0) FROM audit.audit_checkpoint"));
        if (pending == 0 && sealed > 0 && signed == sealed) {
          return sealed;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the audit trail was not sealed and signed in time");
  }

  private static long middle() throws Exception {
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      return Long.parseLong(one(s, "SELECT max(sequence) / 2 FROM audit.audit_log"));
    }
  }

  private static void swap(long a, long b) throws SQLException {
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      s.execute("UPDATE audit.audit_log SET sequence = -1 WHERE sequence = " + a);
      s.execute("UPDATE audit.audit_log SET sequence = " + a + " WHERE sequence = " + b);
      s.execute("UPDATE audit.audit_log SET sequence = " + b + " WHERE sequence = -1");
    }
  }

  private static void assertOnlyFinding(String kind, long sequence) {
    JsonNode v = verify();
    assertFalse(v.path("intact").asBoolean(), v::toString);
    assertEquals(kind, v.path("findings").get(0).path("kind").asText(), v::toString);
    assertEquals(sequence, v.path("findings").get(0).path("sequence").asLong(), v::toString);
    for (JsonNode f : v.path("findings")) {
      assertEquals(kind, f.path("kind").asText(), "nothing else is blamed: " + v);
    }
  }

  private static JsonNode verify() {
    Api.Response r = api.get("/api/v1/admin/audit/verify", admin);
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  /**
   * A superuser connection with the audit triggers switched off: exactly what the chain exists to
   * expose.
   */
  private static Connection superuser() throws SQLException {
    Connection c = server.database().connect();
    try (Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
    }
    return c;
  }

  private static String one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
