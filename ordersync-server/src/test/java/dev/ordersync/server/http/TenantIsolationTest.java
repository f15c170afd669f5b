package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member of restaurant A gets 404 for everything of restaurant B: it is never confirmed to exist.
 */
class TenantIsolationTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static Scenario.Owner a;
  static Scenario.Owner b;
  static String bItem;
  static Api.Response bOrder;

  @BeforeAll
  static void twoRestaurants(Scenario story) {
    a = story.anOwnerWithARestaurant("Restaurant A");
    b = story.anOwnerWithARestaurant("Restaurant B");
    bItem = story.anItem(b, "B's dish", 7000, null);
    bOrder = story.anAnonymousOrder(b.restaurantId(), bItem, 1);
  }

  @Test
  void aCannotReadOrMoveBsOrders() {
    String id = bOrder.text("id");
    assertEquals(404, api.get("/api/v1/orders/" + id, a.token()).status());
    for (String step : new String[] {"accept", "start", "ready", "complete"}) {
      Api.Response r =
          api.post("/api/v1/restaurants/me/orders/" + id + "/" + step, null, a.token());
      assertEquals(404, r.status(), step + ": " + r);
    }
    assertEquals(
        404,
        api.post("/api/v1/restaurants/me/orders/" + id + "/reject", "{\"reason\":\"x\"}", a.token())
            .status());
    assertEquals(
        404,
        api.post("/api/v1/restaurants/me/orders/" + id + "/cancel", "{\"reason\":\"x\"}", a.token())
            .status());
    assertEquals(0, api.get("/api/v1/restaurants/me/orders", a.token()).json().path("data").size());
    assertEquals("PLACED", api.get("/api/v1/orders/" + id, b.token()).text("status"));
  }

  @Test
  void aCannotChangeBsMenu() {
    assertEquals(
        404,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me/menu/items/" + bItem,
                "{\"price\":1}",
                a.token(),
                null,
                null)
            .status());
    assertEquals(
        404,
        api.send(
                "DELETE", "/api/v1/restaurants/me/menu/items/" + bItem, null, a.token(), null, null)
            .status());
  }

  @Test
  void anOrderTokenOpensOnlyItsOwnOrder() {
    Api.Response other = new Scenario(api).anAnonymousOrder(b.restaurantId(), bItem, 1);
    assertEquals(
        404, api.get("/api/v1/orders/" + other.text("id"), bOrder.text("order_token")).status());
    assertEquals(
        200, api.get("/api/v1/orders/" + other.text("id"), other.text("order_token")).status());
    assertEquals(404, api.get("/api/v1/orders/" + other.text("id"), "ot_forged").status());
  }

  @Test
  void aCustomerIsNotStaff() {
    Scenario story = new Scenario(api);
    String email = "c-" + java.util.UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String customer = story.login(email);
    Api.Response r = api.get("/api/v1/restaurants/me/orders", customer);
    assertEquals(403, r.status());
    assertEquals("forbidden", r.code());
    assertEquals(
        403,
        api.post(
                "/api/v1/restaurants",
                "{\"name\":\"x\",\"business_number\":\"220-81-62517\"}",
                customer)
            .status());
  }
}
