package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hours, options, price rules, stock and staff over HTTP. The server's clock starts at Friday
 * 2026-11-27 12:00 in Seoul (ORDERSYNC_FAKE_NOW=2026-11-27T03:00:00Z) and runs on from there.
 */
class RestaurantOperationsTest {
  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(Map.of("ORDERSYNC_FAKE_NOW", "2026-11-27T03:00:00Z"));

  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @Test
  void fiftyConcurrentOrdersForTenLeftGetExactlyTenAndNeverOversell() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Scarce Bakery");
    String item = story.anItem(owner, "Croissant", 3500, 10);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Api.Response>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
      for (int i = 0; i < 50; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return api.post(
                      "/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null);
                }));
      }
      go.countDown();
    }
    int placed = 0;
    int soldOut = 0;
    for (Future<Api.Response> f : answers) {
      Api.Response r = f.get();
      if (r.status() == 201) {
        placed++;
      } else {
        assertEquals(409, r.status(), r::toString);
        assertEquals("out_of_stock", r.code());
        soldOut++;
      }
    }
    assertEquals(10, placed);
    assertEquals(40, soldOut);
    var listed =
        api.get("/api/v1/restaurants/" + owner.restaurantId() + "/menu", null)
            .json()
            .path("items")
            .get(0);
    assertEquals(0, listed.path("stock").asInt());
    assertTrue(listed.path("sold_out").asBoolean());
  }

  @Test
  void outsideItsHoursARestaurantRefusesOrdersAndSaysWhenItOpens() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Night Bar");
    String item = story.anItem(owner, "Makgeolli", 8000, null);
    Api.Response set =
        api.send(
            "PUT",
            "/api/v1/restaurants/me/hours",
            "{\"weekly\":[{\"day\":\"FRIDAY\",\"opens\":\"18:00\",\"closes\":\"02:00\"}],\"holidays\":[\"2026-12-25\"],"
                + "\"closures\":[]}",
            owner.token(),
            null,
            null);
    assertEquals(200, set.status(), set::toString);
    Api.Response closed =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null);
    assertEquals(422, closed.status());
    assertEquals("restaurant_closed", closed.code());
    assertEquals("2026-11-27T09:00:00Z", closed.text("next_opening_at"));
    Api.Response profile = api.get("/api/v1/restaurants/" + owner.restaurantId(), null);
    assertFalse(profile.json().path("open_now").asBoolean());
    assertEquals("2026-11-27T09:00:00Z", profile.text("next_opening_at"));
    assertEquals(
        "FRIDAY", profile.json().path("opening_hours").path("weekly").get(0).path("day").asText());

    Api.Response bad =
        api.send(
            "PUT",
            "/api/v1/restaurants/me/hours",
            "{\"weekly\":[{\"day\":\"FUNDAY\",\"opens\":\"25:00\",\"closes\":\"2\"}],\"holidays\":[\"tomorrow\"]}",
            owner.token(),
            null,
            null);
    assertEquals(422, bad.status());
    assertEquals(4, bad.json().path("errors").size(), bad::toString);
  }

  @Test
  void optionsAndAHappyHourArePricedByTheServerAndKeptOnTheOrder() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Chicken House");
    String item = story.anItem(owner, "Fried chicken", 18000, null);
    Api.Response group =
        api.post(
            "/api/v1/restaurants/me/menu/items/" + item + "/option-groups",
            "{\"name\":\"Sauce\",\"min\":1,\"max\":1,\"options\":[{\"name\":\"Plain\"},"
                + "{\"name\":\"Yangnyeom\",\"price_delta\":2000}]}",
            owner.token());
    assertEquals(201, group.status(), group::toString);
    String yangnyeom = group.json().path("options").get(1).path("id").asText();
    // Friday 12:00 in Seoul: a lunch rule from 11:00 to 14:00 on Fridays, 3000 won off.
    Api.Response rule =
        api.post(
            "/api/v1/restaurants/me/menu/price-rules",
            "{\"name\":\"Friday lunch\",\"kind\":\"AMOUNT_OFF\",\"value\":3000,\"days\":[\"FRIDAY\"],"
                + "\"from\":\"11:00\",\"to\":\"14:00\",\"priority\":5,\"item_ids\":[\""
                + item
                + "\"]}",
            owner.token());
    assertEquals(201, rule.status(), rule::toString);

    var listed =
        api.get("/api/v1/restaurants/" + owner.restaurantId() + "/menu", null)
            .json()
            .path("items")
            .get(0);
    assertEquals(15000, listed.path("price").asLong());
    assertEquals(18000, listed.path("base_price").asLong());
    assertEquals("Friday lunch", listed.path("price_rule").path("name").asText());
    assertEquals("Sauce", listed.path("option_groups").get(0).path("name").asText());

    Api.Response noSauce =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null);
    assertEquals(422, noSauce.status());
    assertEquals("options_invalid", noSauce.code());
    assertEquals(
        "Sauce: choose exactly 1 (chosen 0)",
        noSauce.json().path("errors").get(0).path("message").asText());

    Api.Response placed =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":2,\"options\":[\""
                + yangnyeom
                + "\"]}],\"fulfillment\":\"TAKEOUT\"}",
            null);
    assertEquals(201, placed.status(), placed::toString);
    var line = placed.json().path("items").get(0);
    assertEquals(17000, line.path("unit_price").asLong(), "18000 - 3000 + 2000");
    assertEquals(34000, placed.json().path("total").asLong());
    assertEquals("Friday lunch", line.path("price_rule").path("name").asText());
    assertEquals("Yangnyeom", line.path("options").get(0).path("name").asText());
    assertEquals(2000, line.path("options").get(0).path("price_delta").asLong());
  }

  @Test
  void ownersManageTheirPeopleAndARestaurantKeepsAnOwner() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("People First");
    String cook =
        api.post(
                "/api/v1/restaurants/me/staff",
                "{\"email\":\"cook-"
                    + UUID.randomUUID()
                    + "@example.kr\",\"name\":\"Cook\",\"password\":\"cook password\"}",
                owner.token())
            .text("id");
    assertEquals(
        2, api.get("/api/v1/restaurants/me/staff", owner.token()).json().path("data").size());
    Api.Response promoted =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me/staff/" + cook,
            "{\"role\":\"OWNER\"}",
            owner.token(),
            null,
            null);
    assertEquals(200, promoted.status(), promoted::toString);
    assertEquals("OWNER", promoted.text("role"));
    String ownerId = api.get("/api/v1/auth/me", owner.token()).text("id");
    assertEquals(
        204,
        api.send("DELETE", "/api/v1/restaurants/me/staff/" + cook, null, owner.token(), null, null)
            .status());
    Api.Response last =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me/staff/" + ownerId,
            "{\"role\":\"STAFF\"}",
            owner.token(),
            null,
            null);
    assertEquals(409, last.status());
    assertEquals("last_owner", last.code());
    assertEquals(
        404,
        api.send(
                "DELETE",
                "/api/v1/restaurants/me/staff/" + UUID.randomUUID(),
                null,
                owner.token(),
                null,
                null)
            .status());
  }

  @Test
  void theOrderNumberPrefixIsTheOwners() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Prefix Place");
    String item = story.anItem(owner, "Gimbap", 4000, null);
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"order_prefix\":\"GB\"}",
                owner.token(),
                null,
                null)
            .status());
    assertEquals("GB-001", story.anAnonymousOrder(owner.restaurantId(), item, 1).text("number"));
    assertEquals(
        422,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"order_prefix\":\"gb1\"}",
                owner.token(),
                null,
                null)
            .status());
  }
}
