package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.LinkedHashMap;
import java.util.List;
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
    return api.patch("/restaurants/me", request.fields(), Restaurant.class, options);
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

  /**
   * Every day's settlement from {@code from} to {@code to}, both included, at most 62 days: {@code
   * GET /restaurants/me/settlements?from=&to=} (OWNER).
   */
  public SettlementRange settlements(java.time.LocalDate from, java.time.LocalDate to) {
    return settlements(from, to, null);
  }

  public SettlementRange settlements(
      java.time.LocalDate from, java.time.LocalDate to, RequestOptions options) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("from", Objects.requireNonNull(from, "from").toString());
    query.put("to", Objects.requireNonNull(to, "to").toString());
    return api.get("/restaurants/me/settlements", query, SettlementRange.class, options);
  }

  /**
   * The restaurant's figures over its local days {@code from} to {@code to}, both included: {@code
   * GET /restaurants/me/analytics} (OWNER). Null dates are the seven days up to today, a null
   * granularity is {@code day}; at most 31 days by hour, 366 by day or week. Bad values are an
   * {@link InvalidRequestException} ({@code invalid_parameter}) naming every bad field.
   */
  public SalesAnalytics analytics(
      java.time.LocalDate from, java.time.LocalDate to, SalesAnalytics.Granularity granularity) {
    return analytics(from, to, granularity, null);
  }

  public SalesAnalytics analytics(
      java.time.LocalDate from,
      java.time.LocalDate to,
      SalesAnalytics.Granularity granularity,
      RequestOptions options) {
    return api.get(
        "/restaurants/me/analytics",
        analyticsQuery(from, to, granularity),
        SalesAnalytics.class,
        options);
  }

  /**
   * The same series as CSV ({@code Accept: text/csv}): a header line {@code
   * start,orders,sales,gross,refunds,net} then one CRLF-ended line per point.
   */
  public String analyticsCsv(
      java.time.LocalDate from, java.time.LocalDate to, SalesAnalytics.Granularity granularity) {
    return analyticsCsv(from, to, granularity, null);
  }

  public String analyticsCsv(
      java.time.LocalDate from,
      java.time.LocalDate to,
      SalesAnalytics.Granularity granularity,
      RequestOptions options) {
    return api.text(
        "/restaurants/me/analytics", analyticsQuery(from, to, granularity), "text/csv", options);
  }

  private static Map<String, String> analyticsQuery(
      java.time.LocalDate from, java.time.LocalDate to, SalesAnalytics.Granularity granularity) {
    Map<String, String> query = new LinkedHashMap<>();
    if (from != null) {
      query.put("from", from.toString());
    }
    if (to != null) {
      query.put("to", to.toString());
    }
    if (granularity != null) {
      query.put("granularity", granularity.value());
    }
    return query;
  }

  /**
   * The back office's menu of the restaurant the token acts for, with its price rules: {@code GET
   * /restaurants/me/menu} (OWNER, STAFF).
   */
  public Menu myMenu() {
    return myMenu(null);
  }

  public Menu myMenu(RequestOptions options) {
    return api.get("/restaurants/me/menu", Map.of(), Menu.class, options);
  }

  /** Replaces the opening hours whole: {@code PUT /restaurants/me/hours} (OWNER). */
  public Restaurant setHours(OpeningHours hours) {
    return setHours(hours, null);
  }

  public Restaurant setHours(OpeningHours hours, RequestOptions options) {
    Objects.requireNonNull(hours, "hours");
    return api.put("/restaurants/me/hours", hours, Restaurant.class, options);
  }

  /**
   * Creates a staff account in the restaurant: {@code POST /restaurants/me/staff} (OWNER). An email
   * of a customer, owner or admin account is refused ({@code not_a_staff_account}).
   */
  public User addStaff(String email, String name, String password) {
    return addStaff(email, name, password, null);
  }

  public User addStaff(String email, String name, String password, RequestOptions options) {
    return api.post(
        "/restaurants/me/staff",
        new StaffBody(
            Objects.requireNonNull(email, "email"),
            Objects.requireNonNull(name, "name"),
            Objects.requireNonNull(password, "password")),
        User.class,
        options,
        Keying.AS_GIVEN);
  }

  /** The restaurant's owners and staff: {@code GET /restaurants/me/staff}. */
  public List<StaffMember> listStaff() {
    return listStaff(null);
  }

  public List<StaffMember> listStaff(RequestOptions options) {
    return api.get("/restaurants/me/staff", Map.of(), StaffList.class, options).data();
  }

  /**
   * Makes a member OWNER or STAFF: {@code PATCH /restaurants/me/staff/{userId}}. A restaurant
   * always keeps an owner ({@link ConflictException} {@code last_owner}).
   */
  public StaffMember changeStaffRole(UUID userId, Role role) {
    return changeStaffRole(userId, role, null);
  }

  public StaffMember changeStaffRole(UUID userId, Role role, RequestOptions options) {
    if (role != Role.OWNER && role != Role.STAFF) {
      throw new IllegalArgumentException("a member is OWNER or STAFF");
    }
    return api.patch(
        "/restaurants/me/staff/" + id(userId),
        Map.of("role", role.name()),
        StaffMember.class,
        options);
  }

  /** Removes a member: {@code DELETE /restaurants/me/staff/{userId}} (204). */
  public void removeStaff(UUID userId) {
    removeStaff(userId, null);
  }

  public void removeStaff(UUID userId, RequestOptions options) {
    api.delete("/restaurants/me/staff/" + id(userId), options);
  }

  /**
   * Renames or moves a category: {@code PATCH /restaurants/me/menu/categories/{id}}; a null
   * argument stays as it is.
   */
  public MenuCategory updateCategory(UUID categoryId, String name, Integer position) {
    return updateCategory(categoryId, name, position, null);
  }

  public MenuCategory updateCategory(
      UUID categoryId, String name, Integer position, RequestOptions options) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (name != null) {
      fields.put("name", name);
    }
    if (position != null) {
      fields.put("position", position);
    }
    return api.patch(
        "/restaurants/me/menu/categories/" + id(categoryId), fields, MenuCategory.class, options);
  }

  /**
   * Puts every category in this order (each named exactly once): {@code PUT
   * /restaurants/me/menu/categories/order}. Returns them with their new positions.
   */
  public List<MenuCategory> reorderCategories(List<UUID> categoryIds) {
    return reorderCategories(categoryIds, null);
  }

  public List<MenuCategory> reorderCategories(List<UUID> categoryIds, RequestOptions options) {
    return api.put(
            "/restaurants/me/menu/categories/order",
            Map.of("ids", List.copyOf(categoryIds)),
            CategoryList.class,
            options)
        .categories();
  }

  /**
   * Deletes a category: {@code DELETE /restaurants/me/menu/categories/{id}} (204); its items stay,
   * uncategorised.
   */
  public void removeCategory(UUID categoryId) {
    removeCategory(categoryId, null);
  }

  public void removeCategory(UUID categoryId, RequestOptions options) {
    api.delete("/restaurants/me/menu/categories/" + id(categoryId), options);
  }

  /**
   * The sold-out toggle: {@code PATCH /restaurants/me/menu/items/{id}/availability} (OWNER and
   * STAFF). Honours {@link RequestOptions#ifMatchVersion(long)}.
   */
  public MenuItem updateAvailability(UUID itemId, UpdateAvailabilityRequest request) {
    return updateAvailability(itemId, request, null);
  }

  public MenuItem updateAvailability(
      UUID itemId, UpdateAvailabilityRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.patch(
        "/restaurants/me/menu/items/" + id(itemId) + "/availability",
        request.fields(),
        MenuItem.class,
        options);
  }

  /**
   * Adds an option group to an item: {@code POST /restaurants/me/menu/items/{id}/option-groups}.
   */
  public OptionGroup addOptionGroup(UUID itemId, NewOptionGroup group) {
    return addOptionGroup(itemId, group, null);
  }

  public OptionGroup addOptionGroup(UUID itemId, NewOptionGroup group, RequestOptions options) {
    Objects.requireNonNull(group, "group");
    return api.post(
        "/restaurants/me/menu/items/" + id(itemId) + "/option-groups",
        group,
        OptionGroup.class,
        options,
        Keying.AS_GIVEN);
  }

  /** Removes an option group: {@code DELETE /restaurants/me/menu/option-groups/{id}} (204). */
  public void removeOptionGroup(UUID groupId) {
    removeOptionGroup(groupId, null);
  }

  public void removeOptionGroup(UUID groupId, RequestOptions options) {
    api.delete("/restaurants/me/menu/option-groups/" + id(groupId), options);
  }

  /** The price rules: {@code GET /restaurants/me/menu/price-rules}. */
  public List<PriceRule> listPriceRules() {
    return listPriceRules(null);
  }

  public List<PriceRule> listPriceRules(RequestOptions options) {
    return api.get("/restaurants/me/menu/price-rules", Map.of(), PriceRuleList.class, options)
        .data();
  }

  /** Adds a price rule: {@code POST /restaurants/me/menu/price-rules}. */
  public PriceRule addPriceRule(NewPriceRule rule) {
    return addPriceRule(rule, null);
  }

  public PriceRule addPriceRule(NewPriceRule rule, RequestOptions options) {
    Objects.requireNonNull(rule, "rule");
    return api.post(
        "/restaurants/me/menu/price-rules", rule, PriceRule.class, options, Keying.AS_GIVEN);
  }

  /** Removes a price rule: {@code DELETE /restaurants/me/menu/price-rules/{id}} (204). */
  public void removePriceRule(UUID ruleId) {
    removePriceRule(ruleId, null);
  }

  public void removePriceRule(UUID ruleId, RequestOptions options) {
    api.delete("/restaurants/me/menu/price-rules/" + id(ruleId), options);
  }

  /**
   * A table's QR code as SVG: {@code GET /restaurants/{id}/tables/{table}/qr.svg} (public). It
   * opens the guest's menu for that table.
   */
  public byte[] tableQrSvg(UUID restaurantId, String table) {
    return api.get(
        "/restaurants/" + id(restaurantId) + "/tables/" + segment(table) + "/qr.svg",
        Map.of(),
        byte[].class,
        null);
  }

  /** A table's QR code as PNG (10 px per module): {@code GET .../tables/{table}/qr.png}. */
  public byte[] tableQrPng(UUID restaurantId, String table) {
    return api.get(
        "/restaurants/" + id(restaurantId) + "/tables/" + segment(table) + "/qr.png",
        Map.of(),
        byte[].class,
        null);
  }

  private static String segment(String s) {
    return java.net.URLEncoder.encode(
            Objects.requireNonNull(s, "table"), java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  record StaffBody(String email, String name, String password) {
    @Override
    public String toString() {
      return "StaffBody[email=" + email + ", name=" + name + ", password=<redacted>]";
    }
  }

  record StaffList(List<StaffMember> data) {
    StaffList {
      data = data == null ? List.of() : List.copyOf(data);
    }
  }

  record PriceRuleList(List<PriceRule> data) {
    PriceRuleList {
      data = data == null ? List.of() : List.copyOf(data);
    }
  }

  record CategoryList(List<MenuCategory> categories) {
    CategoryList {
      categories = categories == null ? List.of() : List.copyOf(categories);
    }
  }
}
