package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An owner renames, moves, reorders and deletes menu categories; the back office reads it all. */
class MenuCategoriesOverHttpTest {
  static final String CATEGORIES = "/api/v1/restaurants/me/menu/categories";
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  static String aCategory(Scenario.Owner owner, String name) {
    Api.Response r = api.post(CATEGORIES, "{\"name\":\"" + name + "\"}", owner.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  static Api.Response patch(String path, String body, String token) {
    return api.send("PATCH", path, body, token, null, null);
  }

  static Api.Response put(String path, String body, String token) {
    return api.send("PUT", path, body, token, null, null);
  }

  static Api.Response delete(String path, String token) {
    return api.send("DELETE", path, null, token, null, null);
  }

  static List<String> categoryNames(String restaurantId) {
    Api.Response menu = api.get("/api/v1/restaurants/" + restaurantId + "/menu", null);
    assertEquals(200, menu.status(), menu::toString);
    List<String> names = new ArrayList<>();
    menu.json().path("categories").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  static String staffOf(Scenario.Owner owner) {
    String email = "staff-" + UUID.randomUUID() + "@example.kr";
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\""
                + email
                + "\",\"name\":\"Cook\",\"password\":\"correct horse battery\"}",
            owner.token());
    assertEquals(201, r.status(), r::toString);
    return story.login(email);
  }

  @Test
  void anOwnerRenamesAndMovesACategory() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Renaming");
    String soups = aCategory(owner, "Soups");
    aCategory(owner, "Drinks");
    Api.Response renamed =
        patch(CATEGORIES + "/" + soups, "{\"name\":\"  Stews \"}", owner.token());
    assertEquals(200, renamed.status(), renamed::toString);
    assertEquals("Stews", renamed.text("name"));
    assertEquals(0, renamed.json().path("position").asInt(), "a field left out stays");
    Api.Response moved = patch(CATEGORIES + "/" + soups, "{\"position\":5}", owner.token());
    assertEquals(200, moved.status(), moved::toString);
    assertEquals("Stews", moved.text("name"));
    assertEquals(List.of("Drinks", "Stews"), categoryNames(owner.restaurantId()));
  }

  @Test
  void aReorderNamesEveryCategoryOnceAndAppliesAtOnce() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Reordering");
    String a = aCategory(owner, "A");
    String b = aCategory(owner, "B");
    String c = aCategory(owner, "C");
    String order = CATEGORIES + "/order";
    Api.Response missing = put(order, "{\"ids\":[\"" + c + "\",\"" + a + "\"]}", owner.token());
    assertEquals(422, missing.status(), missing::toString);
    assertEquals("validation_failed", missing.code());
    Api.Response twice =
        put(order, "{\"ids\":[\"" + c + "\",\"" + a + "\",\"" + a + "\"]}", owner.token());
    assertEquals(422, twice.status(), twice::toString);
    Api.Response foreign =
        put(
            order,
            "{\"ids\":[\"" + c + "\",\"" + a + "\",\"" + UUID.randomUUID() + "\"]}",
            owner.token());
    assertEquals(422, foreign.status(), foreign::toString);
    Api.Response notIds = put(order, "{\"ids\":[1,2,3]}", owner.token());
    assertEquals(400, notIds.status(), "a wrong JSON type, as everywhere: " + notIds);
    assertEquals("wrong_type", notIds.code());
    Api.Response none = put(order, "{}", owner.token());
    assertEquals(422, none.status(), none::toString);
    assertEquals(List.of("A", "B", "C"), categoryNames(owner.restaurantId()), "nothing moved");

    Api.Response ok =
        put(order, "{\"ids\":[\"" + c + "\",\"" + a + "\",\"" + b + "\"]}", owner.token());
    assertEquals(200, ok.status(), ok::toString);
    assertEquals(c, ok.json().path("categories").get(0).path("id").asText());
    assertEquals(2, ok.json().path("categories").get(2).path("position").asInt());
    assertEquals(List.of("C", "A", "B"), categoryNames(owner.restaurantId()));
  }

  @Test
  void deletingACategoryLeavesItsItemsUncategorised() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Deleting");
    String soups = aCategory(owner, "Soups");
    Api.Response item =
        api.post(
            "/api/v1/restaurants/me/menu/items",
            "{\"name\":\"Galbitang\",\"price\":14000,\"category_id\":\"" + soups + "\"}",
            owner.token());
    assertEquals(201, item.status(), item::toString);
    Api.Response gone = delete(CATEGORIES + "/" + soups, owner.token());
    assertEquals(204, gone.status(), gone::toString);
    Api.Response menu = api.get("/api/v1/restaurants/me/menu", owner.token());
    assertEquals(200, menu.status(), menu::toString);
    assertEquals(0, menu.json().path("categories").size());
    JsonNode listed = menu.json().path("items").get(0);
    assertEquals(item.text("id"), listed.path("id").asText(), "the item stays on the menu");
    assertTrue(listed.path("category_id").isNull(), menu::toString);
    assertEquals(2, listed.path("version").asLong(), "its version moved with it");
    Api.Response again = delete(CATEGORIES + "/" + soups, owner.token());
    assertEquals(404, again.status(), again::toString);
  }

  @Test
  void categoryChangesAreAuditedLikeOtherMenuChanges() {
    String email = "auditor-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(
            dev.ordersync.core.user.CreateAdmin.Command.from(
                email, "Auditor", "auditor password long"));
    String admin =
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"auditor password long\"}",
                null)
            .text("access_token");
    Scenario.Owner owner = story.anOwnerWithARestaurant("Audited");
    String soups = aCategory(owner, "Soups");
    assertEquals(
        200, patch(CATEGORIES + "/" + soups, "{\"name\":\"Stews\"}", owner.token()).status());
    assertEquals(204, delete(CATEGORIES + "/" + soups, owner.token()).status());
    // records are sealed into the trail a moment after their commit: wait for the third
    Api.Response listed = null;
    for (int i = 0; i < 50; i++) {
      listed = api.get("/api/v1/admin/audit?entity_type=menu_category&entity_id=" + soups, admin);
      assertEquals(200, listed.status(), listed::toString);
      if (listed.json().path("data").size() >= 3) {
        break;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    JsonNode data = listed.json().path("data");
    assertEquals(3, data.size(), "created, renamed, deleted: " + listed);
    for (JsonNode record : data) {
      assertEquals("MENU_UPDATED", record.path("action").asText());
    }
    assertTrue(data.get(0).path("new_value").isNull(), "the newest is the deletion: " + data);
    assertTrue(data.get(1).path("old_value").toString().contains("Soups"), data::toString);
    assertTrue(data.get(1).path("new_value").toString().contains("Stews"), data::toString);
  }

  @Test
  void anotherRestaurantsCategoryIsNotFound() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Mine");
    Scenario.Owner other = story.anOwnerWithARestaurant("Theirs");
    String theirs = aCategory(other, "Private");
    assertEquals(404, patch(CATEGORIES + "/" + theirs, "{\"name\":\"X\"}", owner.token()).status());
    assertEquals(404, delete(CATEGORIES + "/" + theirs, owner.token()).status());
    Api.Response reorder =
        put(CATEGORIES + "/order", "{\"ids\":[\"" + theirs + "\"]}", owner.token());
    assertEquals(422, reorder.status(), "only the owner's own categories can be ordered");
    assertEquals(List.of("Private"), categoryNames(other.restaurantId()));
    assertEquals(
        404, patch(CATEGORIES + "/not-a-uuid", "{\"name\":\"X\"}", owner.token()).status());
  }

  @Test
  void badInputIsRefusedWithTheFieldNamed() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Bad Input");
    String soups = aCategory(owner, "Soups");
    String path = CATEGORIES + "/" + soups;
    for (String body :
        List.of(
            "{\"name\":\"   \"}",
            "{\"name\":null}",
            "{\"position\":-1}",
            "{\"position\":10001}",
            "{\"position\":\"first\"}",
            "{\"colour\":\"red\"}")) {
      Api.Response r = patch(path, body, owner.token());
      assertTrue(r.status() == 422 || r.status() == 400, body + " -> " + r);
      assertFalse(r.raw().body().isEmpty());
    }
    assertEquals(List.of("Soups"), categoryNames(owner.restaurantId()));
  }

  @Test
  void staffReadTheBackOfficeMenuButChangeNoCategoryAndAnonymousCallersNothing() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Staffed");
    String soups = aCategory(owner, "Soups");
    String item = story.anItem(owner, "Kalguksu", 9000, 3);
    Api.Response rule =
        api.post(
            "/api/v1/restaurants/me/menu/price-rules",
            "{\"name\":\"Lunch\",\"kind\":\"AMOUNT_OFF\",\"value\":1000,\"from\":\"11:00\",\"to\":\"14:00\"}",
            owner.token());
    assertEquals(201, rule.status(), rule::toString);
    String staff = staffOf(owner);
    Api.Response menu = api.get("/api/v1/restaurants/me/menu", staff);
    assertEquals(200, menu.status(), menu::toString);
    assertEquals(soups, menu.json().path("categories").get(0).path("id").asText());
    JsonNode listed = menu.json().path("items").get(0);
    assertEquals(item, listed.path("id").asText());
    assertEquals(3, listed.path("stock").asInt());
    assertEquals(9000, listed.path("base_price").asLong());
    assertTrue(listed.has("image_url") && listed.has("option_groups") && listed.has("available"));
    assertEquals("Lunch", menu.json().path("price_rules").get(0).path("name").asText());
    assertTrue(
        menu.json().path("next_price_change_at").isTextual(),
        "a daily rule starts or ends within a day: " + menu);

    assertEquals(403, patch(CATEGORIES + "/" + soups, "{\"name\":\"X\"}", staff).status());
    assertEquals(403, delete(CATEGORIES + "/" + soups, staff).status());
    assertEquals(403, put(CATEGORIES + "/order", "{\"ids\":[\"" + soups + "\"]}", staff).status());
    assertEquals(401, patch(CATEGORIES + "/" + soups, "{\"name\":\"X\"}", null).status());
    assertEquals(401, delete(CATEGORIES + "/" + soups, null).status());
    assertEquals(401, api.get("/api/v1/restaurants/me/menu", null).status());
    assertEquals(List.of("Soups"), categoryNames(owner.restaurantId()));
  }
}
