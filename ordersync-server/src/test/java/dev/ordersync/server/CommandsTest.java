package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The administration that only the command line can do, run as an operator would, in a JVM of its
 * own.
 */
class CommandsTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest grants (Conscrypt)
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.ordersync.server.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void anAdminIsMadeOnTheCommandLineAndCanThenSignIn() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      Path data = Files.createTempDirectory("ordersync-cmd");
      Map<String, String> env =
          Map.of(
              "ORDERSYNC_DATA_DIR",
              data.toString(),
              "ORDERSYNC_DB_URL",
              db.url(),
              "ORDERSYNC_DB_USER",
              "postgres",
              "ORDERSYNC_MASTER_KEY",
              TestServer.MASTER_KEY);
      Run made =
          run(
              env,
              "an admin password\n",
              "users",
              "create-admin",
              "--email",
              "root@example.kr",
              "--name",
              "Root");
      assertEquals(0, made.exit(), made.err());
      assertTrue(made.out().contains("created ADMIN root@example.kr"), made.out());
      Run weak =
          run(
              env,
              "password\n",
              "users",
              "create-admin",
              "--email",
              "weak@example.kr",
              "--name",
              "Weak");
      assertEquals(1, weak.exit());
      assertTrue(weak.err().contains("password"), weak.err());
      Run unknown = run(env, null, "users", "delete-everything");
      assertEquals(1, unknown.exit());

      Run verified = run(env, null, "audit", "verify");
      assertEquals(0, verified.exit(), verified.err());
      assertTrue(verified.out().contains("the audit trail is intact"), verified.out());

      Map<String, String> serverEnv = new java.util.HashMap<>(env);
      serverEnv.put("ORDERSYNC_PORT", "0");
      serverEnv.put("ORDERSYNC_HOST", "127.0.0.1");
      try (OrderSyncServer server =
          OrderSyncServer.start(
              ServerConfig.fromEnvironment(serverEnv), OrderSyncServer.Limits.none())) {
        Api api = new Api("http://127.0.0.1:" + server.port());
        Api.Response login =
            api.post(
                "/api/v1/auth/login",
                "{\"email\":\"root@example.kr\",\"password\":\"an admin password\"}",
                null);
        assertEquals(200, login.status(), login::toString);
        assertEquals("ADMIN", api.get("/api/v1/auth/me", login.text("access_token")).text("role"));
      }
      TestServer.deleteTree(data);
    }
  }

  @Test
  void keyChangesOnTheCommandLineAreAudited() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      Path data = Files.createTempDirectory("ordersync-keys");
      Map<String, String> env =
          Map.of(
              "ORDERSYNC_DATA_DIR",
              data.toString(),
              "ORDERSYNC_DB_URL",
              db.url(),
              "ORDERSYNC_DB_USER",
              "postgres",
              "ORDERSYNC_MASTER_KEY",
              TestServer.MASTER_KEY);
      Run rotated = run(env, null, "jwt-keys", "rotate");
      assertEquals(0, rotated.exit(), rotated.err());
      assertTrue(rotated.out().startsWith("new primary signing key"), rotated.out());
      Run status = run(env, null, "keys", "status");
      assertEquals(0, status.exit(), status.err());
      assertTrue(
          status
              .out()
              .matches("(?s).*signing keys: +\\[\\d+ (PRIMARY|ACTIVE), \\d+ (PRIMARY|ACTIVE)\\].*"),
          "the old key is kept for verification: " + status.out());
      Run retired = run(env, null, "jwt-keys", "retire");
      assertEquals(0, retired.exit(), retired.err());
      assertTrue(retired.out().contains("retired 1"), retired.out());
      Run fieldKeys = run(env, null, "keys", "rotate");
      assertEquals(0, fieldKeys.exit(), fieldKeys.err());
      assertTrue(fieldKeys.out().contains("field key 2 is now primary"), fieldKeys.out());
      Run rewrap = run(env, null, "keys", "rewrap");
      assertEquals(0, rewrap.exit(), rewrap.err());

      assertEquals(
          List.of(
              "KEY_ROTATED jwt_signing_keyset SYSTEM",
              "KEY_RETIRED jwt_signing_keyset SYSTEM",
              "KEY_ROTATED field_keyset SYSTEM",
              "KEYS_REWRAPPED field_keyset SYSTEM"),
          auditRecords(db),
          "each key change leaves one audit record, in the order made, by the operator");

      Run verified = run(env, null, "audit", "verify");
      assertEquals(0, verified.exit(), verified.out() + verified.err());

      Map<String, String> otherKey = new java.util.HashMap<>(env);
      otherKey.put("ORDERSYNC_MASTER_KEY", "b3RoZXItbWFzdGVyLWtleS1vZi0zMi1ieXRlcy0hISE=");
      Run refused = run(otherKey, null, "keys", "rotate");
      assertEquals(1, refused.exit(), refused.out());
      assertEquals(
          "ordersync: ORDERSYNC_MASTER_KEY does not open this database's keys (written by an"
              + " instance with a different master key); give every instance the same"
              + " ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE",
          refused.err().strip());
      TestServer.deleteTree(data);
    }
  }

  @Test
  void aKeyChangeThatFailsLeavesNoAuditRecord() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      Path data = Files.createTempDirectory("ordersync-keys");
      Map<String, String> env =
          Map.of(
              "ORDERSYNC_DATA_DIR",
              data.toString(),
              "ORDERSYNC_DB_URL",
              db.url(),
              "ORDERSYNC_DB_USER",
              "postgres",
              "ORDERSYNC_MASTER_KEY",
              TestServer.MASTER_KEY);
      Run retired = run(env, null, "jwt-keys", "retire");
      assertEquals(0, retired.exit(), retired.err());
      // A keyset that cannot be read: the rotation fails, and so does its record.
      try (var c = db.connect();
          var s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE deployment_keys SET wrapped = 'not a keyset'::bytea WHERE name = 'jwt-signing'");
      }
      Run rotated = run(env, null, "jwt-keys", "rotate");
      assertEquals(1, rotated.exit(), rotated.out());
      assertEquals(List.of("KEY_RETIRED jwt_signing_keyset SYSTEM"), auditRecords(db));
      TestServer.deleteTree(data);
    }
  }

  /**
   * Action, entity type and actor kind of every audit record, sealed or still pending, in append
   * order.
   */
  private static List<String> auditRecords(TestDatabase db) throws Exception {
    List<String> found = new ArrayList<>();
    try (java.sql.Connection c = db.connect();
        java.sql.ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT action, entity_type, actor_kind, actor_id FROM ("
                        + " SELECT action, entity_type, actor_kind, actor_id, 0 AS sealed, 0 AS sequence, pending_id AS pending"
                        + " FROM audit.audit_pending UNION ALL"
                        + " SELECT action, entity_type, actor_kind, actor_id, 1, sequence, 0 FROM audit.audit_log) r"
                        + " ORDER BY sealed DESC, sequence, pending")) {
      while (rs.next()) {
        assertTrue(rs.getString(4).startsWith("command line ("), rs.getString(4));
        found.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    return found;
  }
}
