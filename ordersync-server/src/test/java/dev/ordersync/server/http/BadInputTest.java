package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of bad input gets its own clear 4xx problem, never a 500, and leaves nothing behind.
 */
class BadInputTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static Scenario.Owner owner;
  static String item;

  @BeforeAll
  static void aRestaurantWithADish(Scenario story) {
    owner = story.anOwnerWithARestaurant("Strict Kitchen");
    item = story.anItem(owner, "Bulgogi", 13000, 10);
  }

  private Api.Response order(String body) {
    return api.post("/api/v1/orders", body, null);
  }

  private static void assertProblem(Api.Response r, int status, String code, String field) {
    assertEquals(status, r.status(), r::toString);
    assertEquals(code, r.code(), r::toString);
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("https://ordersync.dev/problems/" + code.replace('_', '-'), r.text("type"));
    assertNotNull(r.header("X-Request-Id"), "problems carry the request id too");
    if (field != null) {
      assertEquals(field, r.json().path("errors").get(0).path("field").asText(), r::toString);
    }
    assertFalse(
        r.raw().body().contains("Exception"), "no internals in a problem: " + r.raw().body());
  }

  private String line(String quantity) {
    return "{\"restaurant_id\":\""
        + owner.restaurantId()
        + "\",\"items\":[{\"menu_item_id\":\""
        + item
        + "\",\"quantity\":"
        + quantity
        + "}],\"fulfillment\":\"TAKEOUT\"}";
  }

  @Test
  void malformedJson() {
    assertProblem(order("{\"restaurant_id\": "), 400, "malformed_json", null);
    assertProblem(order("[1,2"), 400, "malformed_json", null);
    assertProblem(order("{\"a\":1}{\"b\":2}"), 400, "malformed_json", null);
    assertProblem(order("{\"note\":\"x\",\"note\":\"y\"}"), 400, "malformed_json", null);
  }

  @Test
  void wrongTypes() {
    assertProblem(order(line("\"2\"")), 400, "wrong_type", "items[0].quantity");
    assertProblem(order(line("1.5")), 400, "wrong_type", "items[0].quantity");
    assertProblem(order("[]"), 400, "wrong_type", null);
    assertProblem(
        order("{\"restaurant_id\":42,\"items\":[],\"fulfillment\":\"TAKEOUT\"}"),
        400,
        "wrong_type",
        "restaurant_id");
    assertProblem(
        order(
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":{},\"fulfillment\":\"TAKEOUT\"}"),
        400,
        "wrong_type",
        "items");
    assertProblem(
        order("{\"restaurant_id\":\"not-a-uuid\",\"items\":[],\"fulfillment\":\"TAKEOUT\"}"),
        400,
        "wrong_type",
        "restaurant_id");
  }

  @Test
  void unknownFieldsIncludingClientTotals() {
    assertProblem(
        order(line("1").replace("{\"restaurant_id\"", "{\"total\":100,\"restaurant_id\"")),
        400,
        "unknown_field",
        "total");
    assertProblem(
        order(line("1").replace("\"quantity\":1", "\"quantity\":1,\"unit_price\":1")),
        400,
        "unknown_field",
        "items[0].unit_price");
  }

  @Test
  void missingFields() {
    assertProblem(
        order(
            "{\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":1}],\"fulfillment\":\"TAKEOUT\"}"),
        422,
        "validation_failed",
        "restaurant_id");
    assertProblem(
        order(
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\"}],\"fulfillment\":\"TAKEOUT\"}"),
        422,
        "validation_failed",
        "items[0].quantity");
    assertProblem(
        order("{\"restaurant_id\":\"" + owner.restaurantId() + "\",\"fulfillment\":\"TAKEOUT\"}"),
        422,
        "validation_failed",
        "items");
    assertProblem(api.post("/api/v1/orders", null, null), 400, "body_required", null);
  }

  @Test
  void negativeZeroAndHugeQuantities() {
    assertProblem(order(line("-1")), 422, "validation_failed", "items[0].quantity");
    assertProblem(order(line("0")), 422, "validation_failed", "items[0].quantity");
    assertProblem(order(line("100")), 422, "validation_failed", "items[0].quantity");
    assertProblem(order(line("4294967297")), 422, "validation_failed", "items[0].quantity");
    assertProblem(
        order(line("100000000000000000000000000000")),
        422,
        "validation_failed",
        "items[0].quantity");
  }

  /** Every invalid field of one request, in the order of the request's fields. */
  private static List<String> errors(Api.Response r) {
    List<String> errors = new ArrayList<>();
    r.json()
        .path("errors")
        .forEach(e -> errors.add(e.path("field").asText() + ": " + e.path("message").asText()));
    return errors;
  }

  @Test
  void everyInvalidFieldIsNamedAtOnceInTheOrderOfTheRequest() {
    Api.Response r =
        order(
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":0},{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":100}],\"fulfillment\":\"DELIVERY\",\"customer\":{\"phone\":\"12\"}}");
    assertProblem(r, 422, "validation_failed", "items[0].quantity");
    assertEquals(
        List.of(
            "items[0].quantity: must be between 1 and 99",
            "items[1].quantity: must be between 1 and 99",
            "fulfillment: must be DINE_IN or TAKEOUT",
            "customer.phone: not a Korean phone number"),
        errors(r));

    Api.Response missing =
        order(
            "{\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":1}],\"customer\":{\"name\":\""
                + "n".repeat(51)
                + "\",\"phone\":\"010-12\"},\"note\":\""
                + "x".repeat(501)
                + "\",\"table\":\""
                + "t".repeat(21)
                + "\"}");
    assertProblem(missing, 422, "validation_failed", "restaurant_id");
    assertEquals(
        List.of(
            "restaurant_id: is required",
            "fulfillment: is required: DINE_IN or TAKEOUT",
            "customer.name: must have at most 50 characters",
            "customer.phone: not a Korean phone number",
            "note: must have at most 500 characters",
            "table: must be 1 to 20 letters, digits, Hangul or hyphens"),
        errors(missing));

    Api.Response takeoutAtATable =
        order(
            line("1")
                .replace(
                    "\"fulfillment\":\"TAKEOUT\"", "\"fulfillment\":\"TAKEOUT\",\"table\":\"3\""));
    assertEquals(List.of("table: a takeout order has no table"), errors(takeoutAtATable));
  }

  @Test
  void unknownMenuItemsAndRestaurants() {
    assertProblem(
        order(
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + UUID.randomUUID()
                + "\",\"quantity\":1}],\"fulfillment\":\"TAKEOUT\"}"),
        422,
        "menu_item_not_found",
        "items[0].menu_item_id");
    assertProblem(
        order(
            "{\"restaurant_id\":\""
                + UUID.randomUUID()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":1}],\"fulfillment\":\"TAKEOUT\"}"),
        404,
        "not_found",
        null);
  }

  @Test
  void oversizeBodiesAndWrongMediaTypes() {
    String huge = "{\"note\":\"" + "가".repeat(40_000) + "\"}";
    assertProblem(order(huge), 413, "body_too_large", null);
    assertProblem(
        api.send("POST", "/api/v1/orders", line("1"), null, null, null, "text/plain"),
        415,
        "unsupported_media_type",
        null);
  }

  @Test
  void badHeadersAndPaths(Scenario story) {
    assertProblem(
        api.post("/api/v1/orders", line("1"), null, "has space"), 400, "invalid_header", null);
    assertProblem(
        api.post("/api/v1/orders", line("1"), null, "x".repeat(256)), 400, "invalid_header", null);
    // An order of the owner's restaurant (another one than the rest of this class counts orders
    // of): who may act on it is settled before the header is read.
    Scenario.Owner other = story.anOwnerWithARestaurant("Header Kitchen");
    String dish = story.anItem(other, "Japchae", 9000, null);
    Api.Response placed =
        order(line("1").replace(owner.restaurantId(), other.restaurantId()).replace(item, dish));
    assertEquals(201, placed.status(), placed::toString);
    assertProblem(
        api.send(
            "POST",
            "/api/v1/restaurants/me/orders/" + placed.text("id") + "/accept",
            null,
            other.token(),
            null,
            "\"abc\""),
        400,
        "invalid_header",
        null);
    // An order that is not the restaurant's is not found, whatever its headers: a 400 here and a
    // 404 for another restaurant's order would tell the two apart.
    assertProblem(
        api.send(
            "POST",
            "/api/v1/restaurants/me/orders/" + UUID.randomUUID() + "/accept",
            null,
            owner.token(),
            null,
            "\"abc\""),
        404,
        "not_found",
        null);
    assertProblem(api.get("/api/v1/orders/not-a-uuid", owner.token()), 404, "not_found", null);
    assertProblem(api.get("/api/v1/nothing-here", null), 404, "not_found", null);
    assertProblem(
        api.get("/api/v1/restaurants/me/orders?limit=abc", owner.token()),
        400,
        "invalid_parameter",
        "limit");
    assertProblem(
        api.get("/api/v1/restaurants/me/orders?status=LOST", owner.token()),
        400,
        "invalid_parameter",
        "status");
  }

  @Test
  void credentialsThatAreNotValidAreRefusedNotIgnored() {
    assertProblem(
        api.post("/api/v1/orders", line("1"), "garbage.token.value"), 401, "invalid_token", null);
    assertProblem(api.get("/api/v1/restaurants/me/orders", null), 401, "unauthenticated", null);
  }

  @Test
  void refusedOrdersLeaveNoTrace() throws Exception {
    order(line("-1"));
    order(line("11"));
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM orders WHERE restaurant_id = '"
                    + owner.restaurantId()
                    + "'),"
                    + " (SELECT stock FROM menu_items WHERE id = '"
                    + item
                    + "')")) {
      rs.next();
      assertEquals(0, rs.getInt(1));
      assertEquals(10, rs.getInt(2));
    }
  }
}
