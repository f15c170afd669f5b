package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Order changes and security events leave audit records in their own transactions; the sealer
 * chains them; a superuser's edit of a sealed record is named by the admin verify route.
 */
class AuditTrailOverHttpTest {
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

  private static long sealed() throws Exception {
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM audit.audit_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitSealed(long atLeast) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sealed() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(sealed() >= atLeast, "sealed " + sealed());
  }

  /** Waits until the sealer has chained {@code atLeast} records about one entity. */
  private static void awaitSealedAbout(String entityId, long atLeast) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long n = 0;
    while (System.nanoTime() < deadline) {
      try (Connection c = server.database().connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM audit.audit_log WHERE entity_id = '" + entityId + "'")) {
        rs.next();
        n = rs.getLong(1);
      }
      if (n >= atLeast) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sealed about " + entityId + ": " + n);
  }

  @Test
  void everyOrderChangeIsAuditedWithItsActorAndATamperedRecordIsNamed() throws Exception {
    Scenario story = new Scenario(api);
    Scenario.Owner owner = story.anOwnerWithARestaurant("Audited Kitchen");
    String item = story.anItem(owner, "Naengmyeon", 10000, null);
    String order = story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
    assertEquals(
        200,
        api.post("/api/v1/restaurants/me/orders/" + order + "/accept", null, owner.token())
            .status());

    awaitSealedAbout(order, 2);
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT action, actor_kind, actor_role, request_id FROM audit.audit_log WHERE entity_id = '"
                  + order
                  + "' ORDER BY sequence")) {
        assertTrue(rs.next());
        assertEquals("CREATE_ORDER", rs.getString(1));
        // Written on a group-commit lane thread: the request's context travels with the order
        // (decision 17).
        assertEquals("ANONYMOUS", rs.getString(2));
        assertTrue(
            rs.getString(4) != null && !rs.getString(4).isBlank(),
            "the creating request's id is recorded");
        assertTrue(rs.next());
        assertEquals("ACCEPT_ORDER", rs.getString(1));
        assertEquals("OWNER", rs.getString(3));
        assertTrue(
            rs.getString(4) != null && !rs.getString(4).isBlank(), "the request id is recorded");
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM audit.audit_log WHERE new_value::text LIKE '%Naengmyeon%'")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "values are sealed");
      }
    }

    Api.Response listed =
        api.get("/api/v1/admin/audit?entity_type=order&entity_id=" + order, admin);
    assertEquals(200, listed.status(), listed::toString);
    assertEquals(
        "ACCEPT_ORDER", listed.json().path("data").get(0).path("action").asText(), "newest first");
    assertTrue(
        listed.json().path("data").get(1).path("new_value").asText().contains("Naengmyeon"),
        "values are decrypted for the admin");
    assertEquals(400, api.get("/api/v1/admin/audit?limit=abc", admin).status());

    Api.Response intact = api.get("/api/v1/admin/audit/verify", admin);
    assertEquals(200, intact.status(), intact::toString);
    assertTrue(intact.json().path("intact").asBoolean(), intact::toString);

    long target;
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT sequence FROM audit.audit_log WHERE entity_id = '"
                  + order
                  + "' AND action = 'ACCEPT_ORDER'")) {
        rs.next();
        target = rs.getLong(1);
      }
      // As a superuser who switches the triggers off: exactly what the chain exists to expose.
      s.execute("SET session_replication_role = replica");
      s.execute("UPDATE audit.audit_log SET action = 'REJECT_ORDER' WHERE sequence = " + target);
    }
    Api.Response tampered = api.get("/api/v1/admin/audit/verify", admin);
    assertFalse(tampered.json().path("intact").asBoolean(), tampered::toString);
    assertEquals(
        "MODIFIED",
        tampered.json().path("findings").get(0).path("kind").asText(),
        tampered::toString);
    assertEquals(target, tampered.json().path("findings").get(0).path("sequence").asLong());

    // The same check offline, as an operator runs it: exit status 2 and the record named.
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ordersync.server.Main",
                "audit",
                "verify"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    pb.environment()
        .put(
            "ORDERSYNC_DATA_DIR",
            java.nio.file.Files.createTempDirectory("ordersync-audit-cmd").toString());
    pb.environment().put("ORDERSYNC_KEYS_DIR", server.dataDir().resolve("keys").toString());
    pb.environment().put("ORDERSYNC_DB_URL", server.database().url());
    pb.environment().put("ORDERSYNC_DB_USER", "postgres");
    pb.environment().put("ORDERSYNC_MASTER_KEY", dev.ordersync.server.TestServer.MASTER_KEY);
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("MODIFIED at sequence " + target), out);
  }

  @Test
  void menuStaffAndSettingsChangesAreAuditedWithTheirValuesBeforeAndAfter() throws Exception {
    Scenario story = new Scenario(api);
    Scenario.Owner owner = story.anOwnerWithARestaurant("Changing Kitchen");
    String item = story.anItem(owner, "Bulgogi", 13000, null);
    api.send(
        "PATCH",
        "/api/v1/restaurants/me/menu/items/" + item,
        "{\"price\":14000}",
        owner.token(),
        null,
        null);
    api.send("PATCH", "/api/v1/restaurants/me", "{\"paused\":true}", owner.token(), null, null);
    api.post(
        "/api/v1/restaurants/me/staff",
        "{\"email\":\"cook-"
            + UUID.randomUUID()
            + "@example.kr\",\"name\":\"Cook\",\"password\":\"cook password\"}",
        owner.token());
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      java.util.Set<String> actions = new java.util.HashSet<>();
      while (System.nanoTime() < deadline
          && !actions.containsAll(
              java.util.Set.of(
                  "MENU_UPDATED",
                  "RESTAURANT_UPDATED",
                  "STAFF_CHANGED",
                  "USER_REGISTERED",
                  "LOGIN_SUCCEEDED"))) {
        Thread.sleep(100);
        actions.clear();
        try (ResultSet rs = s.executeQuery("SELECT DISTINCT action FROM audit.audit_log")) {
          while (rs.next()) {
            actions.add(rs.getString(1));
          }
        }
      }
      assertTrue(
          actions.containsAll(
              java.util.Set.of(
                  "MENU_UPDATED",
                  "RESTAURANT_UPDATED",
                  "STAFF_CHANGED",
                  "USER_REGISTERED",
                  "LOGIN_SUCCEEDED")),
          actions.toString());
      try (ResultSet rs =
          s.executeQuery(
              "SELECT old_value IS NOT NULL AND new_value IS NOT NULL FROM audit.audit_log WHERE entity_id = '"
                  + item
                  + "' AND action = 'MENU_UPDATED' ORDER BY sequence DESC LIMIT 1")) {
        assertTrue(rs.next());
        assertTrue(rs.getBoolean(1), "an update keeps the value before and after");
      }
    }
  }

  @Test
  void theApplicationRoleCannotRewriteTheLog() throws Exception {
    awaitSealed(1);
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      s.execute("SET ROLE ordersync_app");
      for (String sql :
          new String[] {
            "UPDATE audit.audit_log SET action = 'X'",
            "DELETE FROM audit.audit_log",
            "TRUNCATE audit.audit_log"
          }) {
        try {
          s.execute(sql);
          throw new AssertionError("allowed: " + sql);
        } catch (java.sql.SQLException expected) {
          assertTrue(expected.getSQLState().startsWith("42"), sql + ": " + expected.getSQLState());
        }
      }
    }
  }
}
