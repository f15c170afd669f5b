package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Restaurants and their menus: {@code /api/v1/restaurants}. "Me" is the restaurant the access token
 * acts for (see {@link AuthResource#login(String, String, UUID)}). Get it from {@link
 * OrderSyncClient#restaurants()}.
 */
public final class RestaurantsResource {
  private final ApiRequestor api;

  RestaurantsResource(ApiRequestor api) {
    this.api = api;
  }

  /** Opens a restaurant, with the signed-in OWNER as its owner: {@code POST /restaurants}. */
  public Restaurant create(CreateRestaurantRequest request) {
    return create(request, null);
  }

  public Restaurant create(CreateRestaurantRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post("/restaurants", request, Restaurant.class, options, Keying.AS_GIVEN);
  }

  /** A restaurant's public profile: {@code GET /restaurants/{id}}. */
  public Restaurant get(UUID restaurantId) {
    return get(restaurantId, null);
  }

  public Restaurant get(UUID restaurantId, RequestOptions options) {
    return api.get("/restaurants/" + id(restaurantId), Map.of(), Restaurant.class, options);
  }

  /** The whole profile of the restaurant the token acts for: {@code GET /restaurants/me}. */
  public Restaurant me() {
    return me(null);
  }

  public Restaurant me(RequestOptions options) {
    return api.get("/restaurants/me", Map.of(), Restaurant.class, options);
  }

  /** A restaurant's menu as customers see it: {@code GET /restaurants/{id}/menu}. */
  public Menu menu(UUID restaurantId) {
    return menu(restaurantId, null);
  }

  public Menu menu(UUID restaurantId, RequestOptions options) {
    return api.get("/restaurants/" + id(restaurantId) + "/menu", Map.of(), Menu.class, options);
  }

  /**
   * Changes the restaurant's settings: {@code PATCH /restaurants/me}. Pass {@link
   * RequestOptions#ifMatchVersion(long)} to change only the version you have seen.
   */
  public Restaurant updateSettings(UpdateSettingsRequest request) {
    return updateSettings(request, null);
  }

  public Restaurant updateSettings(UpdateSettingsRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.patch("/restaurants/me", request, Restaurant.class, options);
  }

  /** Adds a menu category: {@code POST /restaurants/me/menu/categories}. */
  public MenuCategory createCategory(CreateCategoryRequest request) {
    return createCategory(request, null);
  }

  public MenuCategory createCategory(CreateCategoryRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post(
        "/restaurants/me/menu/categories", request, MenuCategory.class, options, Keying.AS_GIVEN);
  }

  /** Adds a menu item: {@code POST /restaurants/me/menu/items}. */
  public MenuItem createMenuItem(CreateMenuItemRequest request) {
    return createMenuItem(request, null);
  }

  public MenuItem createMenuItem(CreateMenuItemRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post(
        "/restaurants/me/menu/items", request, MenuItem.class, options, Keying.AS_GIVEN);
  }

  /**
   * Changes a menu item: {@code PATCH /restaurants/me/menu/items/{id}}. Orders already placed keep
   * their prices.
   */
  public MenuItem updateMenuItem(UUID itemId, UpdateMenuItemRequest request) {
    return updateMenuItem(itemId, request, null);
  }

  public MenuItem updateMenuItem(
      UUID itemId, UpdateMenuItemRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.patch(
        "/restaurants/me/menu/items/" + id(itemId), request.fields(), MenuItem.class, options);
  }

  /** Takes an item off the menu: {@code DELETE /restaurants/me/menu/items/{id}}. */
  public void removeMenuItem(UUID itemId) {
    removeMenuItem(itemId, null);
  }

  public void removeMenuItem(UUID itemId, RequestOptions options) {
    api.delete("/restaurants/me/menu/items/" + id(itemId), options);
  }

  private static String id(UUID id) {
    return Objects.requireNonNull(id, "id").toString();
  }

  /**
   * The day's online payments of the restaurant the token acts for, as its owner: {@code GET
   * /restaurants/me/settlements}.
   */
  public Settlement settlement(java.time.LocalDate date) {
    return settlement(date, null);
  }

  /** {@code date} null is today in the restaurant's time zone. */
  public Settlement settlement(java.time.LocalDate date, RequestOptions options) {
    return api.get(
        "/restaurants/me/settlements",
        date == null ? Map.of() : Map.of("date", date.toString()),
        Settlement.class,
        options);
  }
}
