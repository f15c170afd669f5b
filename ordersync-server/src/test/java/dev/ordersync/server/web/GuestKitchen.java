package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.Scenario;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A restaurant with a menu for the guest pages' browser tests, made through the API as its owner
 * would: two categories, a dish with a required and an optional option group (one option switched
 * off), a dish with an all-day price rule, and a drink with stock.
 */
final class GuestKitchen {
  final Api api;
  final Scenario.Owner owner;
  final String bibimbap;
  final String spicyGroupName = "맵기";
  final String mild;
  final String hot;
  final String egg;
  final String cheese;
  final String ham;
  final String kimbap;
  final String cola;
  final String tea;

  GuestKitchen(Api api, Scenario story, String name, String base) {
    this.api = api;
    this.owner = story.anOwnerWithARestaurant(name);
    String meals = category("식사", 0);
    String drinks = category("음료", 1);
    bibimbap =
        item(
            "{\"name\":\"비빔밥\",\"price\":9000,\"category_id\":\""
                + meals
                + "\",\"description\":\"제철 나물과 고추장\",\"image_url\":\""
                + base
                + "/assets/shared/icon.svg\"}");
    JsonNode spicy =
        group(
            bibimbap,
            "{\"name\":\"맵기\",\"min\":1,\"max\":1,\"options\":[{\"name\":\"순한맛\"},"
                + "{\"name\":\"매운맛\",\"price_delta\":500}]}");
    mild = spicy.path("options").get(0).path("id").asText();
    hot = spicy.path("options").get(1).path("id").asText();
    JsonNode extras =
        group(
            bibimbap,
            "{\"name\":\"추가\",\"min\":0,\"max\":1,\"options\":[{\"name\":\"계란\",\"price_delta\":1000},"
                + "{\"name\":\"치즈\",\"price_delta\":1500},{\"name\":\"햄\",\"price_delta\":1000,"
                + "\"available\":false}]}");
    egg = extras.path("options").get(0).path("id").asText();
    cheese = extras.path("options").get(1).path("id").asText();
    ham = extras.path("options").get(2).path("id").asText();
    kimbap = item("{\"name\":\"김밥\",\"price\":4000,\"category_id\":\"" + meals + "\"}");
    Api.Response rule =
        api.post(
            "/api/v1/restaurants/me/menu/price-rules",
            "{\"name\":\"오늘의 할인\",\"kind\":\"SET_PRICE\",\"value\":3500,\"days\":[],"
                + "\"from\":\"00:00\",\"to\":\"23:59\",\"priority\":1,\"item_ids\":[\""
                + kimbap
                + "\"]}",
            owner.token());
    assertEquals(201, rule.status(), rule::toString);
    cola = item("{\"name\":\"콜라\",\"price\":2000,\"stock\":5,\"category_id\":\"" + drinks + "\"}");
    tea = item("{\"name\":\"보리차\",\"price\":1500,\"category_id\":\"" + drinks + "\"}");
  }

  String id() {
    return owner.restaurantId();
  }

  private String category(String name, int position) {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/menu/categories",
            "{\"name\":\"" + name + "\",\"position\":" + position + "}",
            owner.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  private String item(String json) {
    Api.Response r = api.post("/api/v1/restaurants/me/menu/items", json, owner.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  private JsonNode group(String item, String json) {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/menu/items/" + item + "/option-groups", json, owner.token());
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  void settings(String json) {
    Api.Response r = api.send("PATCH", "/api/v1/restaurants/me", json, owner.token(), null, null);
    assertEquals(200, r.status(), r::toString);
  }

  /** Open only for an hour tomorrow (in Seoul), so closed now. */
  void closedUntilTomorrow() {
    DayOfWeek tomorrow = ZonedDateTime.now(ZoneId.of("Asia/Seoul")).plusDays(1).getDayOfWeek();
    Api.Response r =
        api.send(
            "PUT",
            "/api/v1/restaurants/me/hours",
            "{\"weekly\":[{\"day\":\""
                + tomorrow
                + "\",\"opens\":\"10:00\",\"closes\":\"11:00\"}],\"holidays\":[],\"closures\":[]}",
            owner.token(),
            null,
            null);
    assertEquals(200, r.status(), r::toString);
  }

  void patchItem(String item, String json) {
    Api.Response r =
        api.send(
            "PATCH", "/api/v1/restaurants/me/menu/items/" + item, json, owner.token(), null, null);
    assertEquals(200, r.status(), r::toString);
  }

  /** The restaurant's open orders as its board lists them. */
  List<JsonNode> orders() {
    Api.Response r = api.get("/api/v1/restaurants/me/orders?limit=200", owner.token());
    assertEquals(200, r.status(), r::toString);
    List<JsonNode> all = new ArrayList<>();
    r.json().path("data").forEach(all::add);
    return all;
  }

  /** The restaurant moves an order: accept, start, ready, complete, reject, cancel. */
  Api.Response move(String orderId, String step, String body) {
    return api.post(
        "/api/v1/restaurants/me/orders/" + orderId + "/" + step,
        body == null ? "{}" : body,
        owner.token());
  }
}
