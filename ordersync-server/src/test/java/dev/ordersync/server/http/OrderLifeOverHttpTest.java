package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderLifeOverHttpTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @Test
  void anAnonymousOrderGoesFromPlacedToCompletedAndEveryStepIsAnEvent() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Myeongdong Noodles");
    String item = story.anItem(owner, "Kalguksu", 9500, null);

    Api.Response placed =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":2,\"options\":[]}],\"fulfillment\":\"DINE_IN\",\"table\":\"4\",\"note\":\"less salt\"}",
            null);
    assertEquals(201, placed.status(), placed::toString);
    assertEquals("PLACED", placed.text("status"));
    assertEquals(19000, placed.json().path("total").asLong());
    assertEquals(9500, placed.json().path("items").get(0).path("unit_price").asLong());
    assertEquals("A-001", placed.text("number"));
    String orderId = placed.text("id");
    String orderToken = placed.text("order_token");
    assertTrue(orderToken.startsWith("ot_"));
    assertEquals("/api/v1/orders/" + orderId, placed.header("Location"));
    assertNotNull(placed.header("X-Request-Id"));

    Api.Response seen = api.get("/api/v1/orders/" + orderId, orderToken);
    assertEquals(200, seen.status(), seen::toString);
    assertNull(seen.text("order_token"), "the token is shown once, when the order is created");

    Api.Response board = api.get("/api/v1/restaurants/me/orders?status=PLACED", owner.token());
    assertEquals(orderId, board.json().path("data").get(0).path("id").asText());

    Api.Response accepted =
        api.send(
            "POST",
            "/api/v1/restaurants/me/orders/" + orderId + "/accept",
            "{\"prep_minutes\":20}",
            owner.token(),
            null,
            "\"1\"");
    assertEquals(200, accepted.status(), accepted::toString);
    assertEquals("ACCEPTED", accepted.text("status"));
    assertEquals(20, accepted.json().path("prep_minutes").asInt());
    assertEquals("\"2\"", accepted.header("ETag"));

    Api.Response stale =
        api.send(
            "POST",
            "/api/v1/restaurants/me/orders/" + orderId + "/start",
            null,
            owner.token(),
            null,
            "\"1\"");
    assertEquals(409, stale.status());
    assertEquals("version_conflict", stale.code());

    for (String step : List.of("start", "ready", "complete")) {
      Api.Response moved =
          api.post("/api/v1/restaurants/me/orders/" + orderId + "/" + step, null, owner.token());
      assertEquals(200, moved.status(), moved::toString);
    }
    Api.Response done = api.get("/api/v1/orders/" + orderId, orderToken);
    assertEquals("COMPLETED", done.text("status"));
    assertEquals(5, done.json().path("version").asInt());

    Api.Response again =
        api.post("/api/v1/restaurants/me/orders/" + orderId + "/accept", "{}", owner.token());
    assertEquals(409, again.status());
    assertEquals("invalid_transition", again.code());
    assertEquals("application/problem+json", again.header("Content-Type"));

    List<String> events = new ArrayList<>();
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT type, payload->>'event' FROM order_events WHERE order_id = '"
                    + orderId
                    + "' ORDER BY seq")) {
      while (rs.next()) {
        events.add(rs.getString(1) + ":" + rs.getString(2));
      }
    }
    assertEquals(
        List.of(
            "order.created:OrderCreated",
            "order.status_changed:OrderAccepted",
            "order.status_changed:OrderStarted",
            "order.status_changed:OrderReady",
            "order.status_changed:OrderCompleted"),
        events);
  }

  @Test
  void theServerIgnoresMenuChangesForOrdersAlreadyPlaced() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Snapshot House");
    String item = story.anItem(owner, "Japchae", 11000, null);
    String orderId = story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
    Api.Response changed =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me/menu/items/" + item,
            "{\"name\":\"Royal japchae\",\"price\":15000}",
            owner.token(),
            null,
            null);
    assertEquals(200, changed.status(), changed::toString);
    Api.Response order = api.get("/api/v1/orders/" + orderId, owner.token());
    assertEquals("Japchae", order.json().path("items").get(0).path("name").asText());
    assertEquals(11000, order.json().path("total").asLong());
  }

  @Test
  void theCustomerCancelsWhilePlacedAndTheStockComesBack() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Stock Corner");
    String item = story.anItem(owner, "Hotteok", 2000, 2);
    Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 2);
    Api.Response soldOut =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null);
    assertEquals(409, soldOut.status());
    assertEquals("out_of_stock", soldOut.code());
    assertEquals("items[0].quantity", soldOut.json().path("errors").get(0).path("field").asText());

    Api.Response canceled =
        api.post(
            "/api/v1/orders/" + placed.text("id") + "/cancel",
            "{\"reason\":\"changed my mind\"}",
            placed.text("order_token"));
    assertEquals(200, canceled.status(), canceled::toString);
    assertEquals("CANCELED", canceled.text("status"));
    assertEquals(
        201,
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 2), null)
            .status());
  }

  @Test
  void theBoardPagesWithACursor() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Busy Bistro");
    String item = story.anItem(owner, "Mandu", 5000, null);
    for (int i = 0; i < 3; i++) {
      story.anAnonymousOrder(owner.restaurantId(), item, 1);
    }
    Api.Response first = api.get("/api/v1/restaurants/me/orders?limit=2", owner.token());
    assertEquals(2, first.json().path("data").size());
    String cursor = first.text("next_cursor");
    Api.Response second =
        api.get("/api/v1/restaurants/me/orders?limit=2&cursor=" + cursor, owner.token());
    assertEquals(1, second.json().path("data").size());
    assertTrue(second.json().path("next_cursor").isNull());
    assertEquals("A-001", second.json().path("data").get(0).path("number").asText());
  }

  @Test
  void aSignedInCustomerReadsTheirOrderWithTheirAccessToken() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Account Cafe");
    String item = story.anItem(owner, "Americano", 4500, null);
    String email = "customer-" + java.util.UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String token = story.login(email);
    Api.Response placed =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), token);
    assertEquals(201, placed.status());
    assertNull(placed.text("order_token"), "an account holder needs no order token");
    assertEquals(200, api.get("/api/v1/orders/" + placed.text("id"), token).status());
    assertEquals(401, api.get("/api/v1/orders/" + placed.text("id"), null).status());
  }

  @Test
  void healthAnswersOnThePublicPortAndMetricsOnlyOnTheManagementOne() {
    Api.Response health = api.get("/observe/health", null);
    assertEquals(200, health.status(), health::toString);
    assertEquals("UP", health.text("status"));
    var metrics = api.send("GET", "/observe/metrics", null, null, null, null);
    assertEquals(404, metrics.status(), "never on the public port: " + metrics);
    assertTrue(server.metrics().contains("ordersync_orders_placed_total"), "on the management one");
  }
}
