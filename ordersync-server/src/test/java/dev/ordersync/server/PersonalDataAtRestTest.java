package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a realistic flow, every table read raw over JDBC holds none of the personal or business
 * values the flow used; then the keys rotate and every value is rewrapped, by the server's own
 * commands, and the data still reads back.
 */
class PersonalDataAtRestTest {
  private static final String EMAIL = "jiwoo.recognisable@example.kr";
  private static final String NAME = "Han Jiwoo Recognisable";
  private static final String PHONE = "010-4821-7733";
  private static final String ADDRESS = "77 Recognisable-ro, Mapo-gu";
  private static final String BRN = "220-81-62517";
  private static final String CUSTOMER = "Seo Recognisable";
  private static final String CUSTOMER_PHONE = "010-9152-6604";
  private static final String NOTE = "leave at the recognisable door";

  private static List<String> needles() {
    return List.of(
        EMAIL,
        NAME,
        PHONE,
        PHONE.replace("-", ""),
        ADDRESS,
        BRN,
        BRN.replace("-", ""),
        CUSTOMER,
        CUSTOMER_PHONE.replace("-", ""),
        CUSTOMER_PHONE,
        NOTE,
        "Recognisable",
        "recognisable");
  }

  @Test
  void noPlaintextAtRestAndKeysRotateWithARewrap() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      Path data = Files.createTempDirectory("ordersync-at-rest");
      Map<String, String> env = new HashMap<>();
      env.put("ORDERSYNC_DATA_DIR", data.toString());
      env.put("ORDERSYNC_DB_URL", db.url());
      env.put("ORDERSYNC_DB_USER", "postgres");
      env.put("ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY);
      env.put("ORDERSYNC_PORT", "0");
      env.put("ORDERSYNC_HOST", "127.0.0.1");
      String orderId;
      try (OrderSyncServer server =
          OrderSyncServer.start(ServerConfig.fromEnvironment(env), OrderSyncServer.Limits.none())) {
        Api api = new Api("http://127.0.0.1:" + server.port());
        assertEquals(
            201,
            api.post(
                    "/api/v1/auth/register",
                    "{\"email\":\""
                        + EMAIL
                        + "\",\"password\":\"correct horse battery\","
                        + "\"name\":\""
                        + NAME
                        + "\",\"phone\":\""
                        + PHONE
                        + "\",\"role\":\"OWNER\"}",
                    null)
                .status());
        String token = login(api);
        assertEquals(
            201,
            api.post(
                    "/api/v1/restaurants",
                    "{\"name\":\"Plain Name Kitchen\",\"business_number\":\""
                        + BRN
                        + "\",\"phone\":\"02-123-4567\",\"address\":\""
                        + ADDRESS
                        + "\"}",
                    token)
                .status());
        token = login(api);
        String item =
            api.post(
                    "/api/v1/restaurants/me/menu/items",
                    "{\"name\":\"Bibimbap\",\"price\":9000}",
                    token)
                .text("id");
        String restaurant = api.get("/api/v1/restaurants/me", token).text("id");
        Api.Response order =
            api.post(
                "/api/v1/orders",
                "{\"restaurant_id\":\""
                    + restaurant
                    + "\",\"items\":[{\"menu_item_id\":\""
                    + item
                    + "\",\"quantity\":1}],\"customer\":{\"name\":\""
                    + CUSTOMER
                    + "\",\"phone\":\""
                    + CUSTOMER_PHONE
                    + "\"},\"note\":\""
                    + NOTE
                    + "\",\"fulfillment\":\"TAKEOUT\"}",
                null,
                "key-at-rest-1");
        assertEquals(201, order.status(), order::toString);
        orderId = order.text("id");
        assertEquals(
            200,
            api.post("/api/v1/restaurants/me/orders/" + orderId + "/accept", null, token).status());

        List<String> found = scanAllTables(db);
        assertEquals(List.of(), found, "plaintext found at rest");

        // Rotation and rewrap while the server runs: the command shares the server's keys and
        // database.
        Map<String, String> command = new HashMap<>(env);
        command.put(
            "ORDERSYNC_DATA_DIR", Files.createTempDirectory("ordersync-keys-cmd").toString());
        command.put("ORDERSYNC_KEYS_DIR", data.resolve("keys").toString());
        Run rotate = run(command, "keys", "rotate");
        assertEquals(0, rotate.exit, rotate.err);
        assertTrue(rotate.out.contains("field key 2 is now primary"), rotate.out);
        Run rewrap = run(command, "keys", "rewrap");
        assertEquals(0, rewrap.exit, rewrap.err);
        assertTrue(
            rewrap.out.contains("restaurants.business_number: done, 1 rewrapped"), rewrap.out);
        Run again = run(command, "keys", "rewrap");
        assertTrue(again.out.contains("every value is under the primary key"), again.out);
        try (Connection c = db.connect();
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT business_number_ct FROM restaurants")) {
          rs.next();
          byte[] stored = rs.getBytes(1);
          assertEquals(1, stored[0], "format version");
          assertEquals(2, java.nio.ByteBuffer.wrap(stored, 2, 4).getInt(), "now under field key 2");
        }
        assertEquals(
            "220-81-62517",
            api.get("/api/v1/restaurants/me", token).text("business_number"),
            "the running server reads values rewrapped under a key it had not loaded");
        assertEquals(
            201,
            api.post(
                    "/api/v1/orders",
                    "{\"restaurant_id\":\""
                        + restaurant
                        + "\",\"items\":[{\"menu_item_id\":\""
                        + item
                        + "\",\"quantity\":1}],\"customer\":{\"name\":\"Later\"},\"fulfillment\":\"TAKEOUT\"}",
                    null)
                .status(),
            "and keeps taking orders");
      }

      try (OrderSyncServer server =
          OrderSyncServer.start(ServerConfig.fromEnvironment(env), OrderSyncServer.Limits.none())) {
        Api api = new Api("http://127.0.0.1:" + server.port());
        String token = login(api);
        assertEquals(
            "220-81-62517", api.get("/api/v1/restaurants/me", token).text("business_number"));
        Api.Response order = api.get("/api/v1/orders/" + orderId, token);
        assertEquals(CUSTOMER, order.json().path("customer").path("name").asText());
        assertEquals(NOTE, order.text("note"));
      }
      TestServer.deleteTree(data);
    }
  }

  private static String login(Api api) {
    Api.Response r =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + EMAIL + "\",\"password\":\"correct horse battery\"}",
            null);
    assertEquals(200, r.status(), r::toString);
    return r.text("access_token");
  }

  /**
   * Every row of every table in the schema, as text (bytea as hex, jsonb as JSON), searched for
   * each value.
   */
  private static List<String> scanAllTables(TestDatabase db) throws Exception {
    List<String> found = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertTrue(tables.size() > 15, "scanned " + tables);
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            String row = rs.getString(1);
            for (String needle : needles()) {
              if (row.contains(needle)) {
                found.add(table + " holds '" + needle + "'");
              }
            }
          }
        }
      }
      // bytea columns print as hex: also look for the values' bytes in hex.
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            String row = rs.getString(1).toLowerCase();
            for (String needle : needles()) {
              String hex =
                  java.util.HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
              if (row.contains(hex)) {
                found.add(table + " holds '" + needle + "' as bytes");
              }
            }
          }
        }
      }
    }
    return found;
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) throws Exception {
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
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
