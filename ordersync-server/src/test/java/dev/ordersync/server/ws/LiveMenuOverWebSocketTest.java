package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A guest's open menu page follows {@code /ws/restaurants/{id}/menu} without any credential: it
 * hears of sold-out toggles, price rules and stock running out through orders, and never of stock
 * counts or of another restaurant.
 */
class LiveMenuOverWebSocketTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  static LiveClient follow(String restaurantId) {
    LiveClient c = LiveClient.connect(server.port(), "/ws/restaurants/" + restaurantId + "/menu");
    assertEquals("menu.ready", c.next().path("type").asText(), "subscribed before anything else");
    return c;
  }

  static Api.Response patchItem(Scenario.Owner owner, String item, String body) {
    Api.Response r =
        api.send(
            "PATCH", "/api/v1/restaurants/me/menu/items/" + item, body, owner.token(), null, null);
    assertEquals(200, r.status(), r::toString);
    return r;
  }

  @Test
  void aGuestSeesASoldOutToggleAndAPriceRuleButNoStockCount() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Live Menu");
    Scenario.Owner neighbour = story.anOwnerWithARestaurant("Quiet Neighbour");
    String item = story.anItem(owner, "Japchae", 9500, 7);
    String theirs = story.anItem(neighbour, "Mandu", 6000, null);
    try (LiveClient guest = follow(owner.restaurantId())) {
      patchItem(neighbour, theirs, "{\"available\":false}");
      patchItem(owner, item, "{\"available\":false}");
      JsonNode off = guest.next();
      assertEquals("menu.item_changed", off.path("type").asText(), off::toString);
      assertEquals(item, off.path("item").path("id").asText());
      assertFalse(off.path("item").path("available").asBoolean());
      assertFalse(off.path("item").path("sold_out").asBoolean());
      assertEquals(9500, off.path("item").path("price").asLong());
      assertEquals(9500, off.path("item").path("base_price").asLong());
      assertFalse(off.path("item").has("stock"), "no stock counts on the public channel");

      patchItem(owner, item, "{\"stock\":5}");
      assertNull(guest.poll(500), "a stock count alone is private and changes no availability");

      // a window around now in the restaurant's time zone, so the rule is in force at once
      java.time.ZoneId zone =
          java.time.ZoneId.of(
              api.get("/api/v1/restaurants/" + owner.restaurantId(), null).text("time_zone"));
      java.time.LocalTime now = java.time.LocalTime.now(zone).withSecond(0).withNano(0);
      Api.Response rule =
          api.post(
              "/api/v1/restaurants/me/menu/price-rules",
              "{\"name\":\"Now\",\"kind\":\"SET_PRICE\",\"value\":8000,\"from\":\""
                  + now.minusHours(1)
                  + "\",\"to\":\""
                  + now.plusHours(1)
                  + "\",\"item_ids\":[\""
                  + item
                  + "\"]}",
              owner.token());
      assertEquals(201, rule.status(), rule::toString);
      JsonNode priced = guest.next();
      assertEquals("menu.item_changed", priced.path("type").asText(), priced::toString);
      assertEquals(8000, priced.path("item").path("price").asLong(), priced::toString);
      assertEquals(9500, priced.path("item").path("base_price").asLong());

      Api.Response category =
          api.post(
              "/api/v1/restaurants/me/menu/categories", "{\"name\":\"Noodles\"}", owner.token());
      assertEquals(201, category.status(), category::toString);
      assertEquals("menu.changed", guest.next().path("type").asText(), "refetch the structure");
      assertNull(guest.poll(300), "nothing of the restaurant next door");
    }
  }

  @Test
  void stockRunningOutThroughAnOrderIsSeenAsSoldOut() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Last Portion");
    String item = story.anItem(owner, "Hoeddeok", 2000, 2);
    try (LiveClient guest = follow(owner.restaurantId())) {
      story.anAnonymousOrder(owner.restaurantId(), item, 1);
      assertNull(guest.poll(500), "one left: nothing public changed");
      story.anAnonymousOrder(owner.restaurantId(), item, 1);
      JsonNode soldOut = guest.next();
      assertEquals("menu.item_changed", soldOut.path("type").asText(), soldOut::toString);
      assertEquals(item, soldOut.path("item").path("id").asText());
      assertTrue(soldOut.path("item").path("sold_out").asBoolean(), soldOut::toString);
      assertTrue(soldOut.path("item").path("available").asBoolean());

      patchItem(owner, item, "{\"stock\":10}");
      JsonNode back = guest.next();
      assertFalse(back.path("item").path("sold_out").asBoolean(), "restocked: " + back);
    }
  }

  @Test
  void theKitchenMarksADishSoldOutAndOnlyThat() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Kitchen Toggle");
    String item = story.anItem(owner, "Sundubu", 10000, null);
    String staffEmail = "cook-" + UUID.randomUUID() + "@example.kr";
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\""
                + staffEmail
                + "\",\"name\":\"Cook\",\"password\":\"correct horse battery\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);
    String cook = story.login(staffEmail);
    String toggle = "/api/v1/restaurants/me/menu/items/" + item + "/availability";
    try (LiveClient guest = follow(owner.restaurantId())) {
      Api.Response soldOut = api.send("PATCH", toggle, "{\"stock\":0}", cook, null, null);
      assertEquals(200, soldOut.status(), soldOut::toString);
      assertTrue(soldOut.json().path("sold_out").asBoolean());
      assertEquals("\"2\"", soldOut.header("ETag"));
      JsonNode seen = guest.next();
      assertTrue(seen.path("item").path("sold_out").asBoolean(), seen::toString);

      Api.Response rename =
          api.send("PATCH", toggle, "{\"name\":\"Cheap stew\"}", cook, null, null);
      assertTrue(rename.status() == 400 || rename.status() == 422, rename::toString);
      Api.Response fullPatch =
          api.send(
              "PATCH",
              "/api/v1/restaurants/me/menu/items/" + item,
              "{\"available\":false}",
              cook,
              null,
              null);
      assertEquals(403, fullPatch.status(), "the full item PATCH stays the owner's");
      Api.Response stale = api.send("PATCH", toggle, "{\"available\":false}", cook, null, "\"1\"");
      assertEquals(409, stale.status(), stale::toString);
      assertNull(guest.poll(300), "refused changes announce nothing");
      Api.Response anonymous = api.send("PATCH", toggle, "{\"available\":false}", null, null, null);
      assertEquals(401, anonymous.status());
    }
  }

  @Test
  void anUnknownRestaurantIsClosedWith4404AndAPlainRequestIs426() {
    LiveClient c =
        LiveClient.connect(server.port(), "/ws/restaurants/" + UUID.randomUUID() + "/menu");
    assertEquals(4404, c.closeCode(5));
    LiveClient bad = LiveClient.connect(server.port(), "/ws/restaurants/not-a-uuid/menu");
    assertEquals(4404, bad.closeCode(5));
    Api.Response plain = api.get("/ws/restaurants/" + UUID.randomUUID() + "/menu", null);
    assertEquals(426, plain.status(), plain::toString);
  }
}
