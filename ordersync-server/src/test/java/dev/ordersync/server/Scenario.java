package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

/**
 * Fixtures that read as the story of a restaurant on OrderSync: an owner, a restaurant, a menu,
 * customers.
 */
public final class Scenario {
  private final Api api;

  public Scenario(Api api) {
    this.api = api;
  }

  public record Owner(String email, String token, String restaurantId) {}

  public String register(String email, String role) {
    Api.Response r =
        api.post(
            "/api/v1/auth/register",
            "{\"email\":\""
                + email
                + "\",\"password\":\"correct horse battery\",\"name\":\"Kim Min-jun\","
                + "\"phone\":\"010-1234-5678\",\"role\":\""
                + role
                + "\"}",
            null);
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  public String login(String email) {
    Api.Response r =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
            null);
    assertEquals(200, r.status(), r::toString);
    return r.text("access_token");
  }

  /** An owner who registered, created a restaurant and logged in again for it. */
  public Owner anOwnerWithARestaurant(String name) {
    String email = "owner-" + UUID.randomUUID() + "@example.kr";
    register(email, "OWNER");
    String first = login(email);
    Api.Response created =
        api.post(
            "/api/v1/restaurants",
            "{\"name\":\""
                + name
                + "\",\"business_number\":\"220-81-62517\",\"phone\":\"02-123-4567\","
                + "\"address\":\"Seoul\"}",
            first);
    assertEquals(201, created.status(), created::toString);
    return new Owner(email, login(email), created.text("id"));
  }

  public String anItem(Owner owner, String name, long price, Integer stock) {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/menu/items",
            "{\"name\":\""
                + name
                + "\",\"price\":"
                + price
                + (stock == null ? "" : ",\"stock\":" + stock)
                + "}",
            owner.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  public static String orderBody(String restaurantId, String itemId, int quantity) {
    return "{\"restaurant_id\":\""
        + restaurantId
        + "\",\"items\":[{\"menu_item_id\":\""
        + itemId
        + "\",\"quantity\":"
        + quantity
        + "}],\"customer\":{\"name\":\"Lee\",\"phone\":\"010-9876-5432\"},\"fulfillment\":\"TAKEOUT\"}";
  }

  public Api.Response anAnonymousOrder(String restaurantId, String itemId, int quantity) {
    Api.Response r = api.post("/api/v1/orders", orderBody(restaurantId, itemId, quantity), null);
    assertEquals(201, r.status(), r::toString);
    return r;
  }
}
