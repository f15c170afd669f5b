package dev.ordersync.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The whole HTTP surface of API.md in one table: which resource answers which path. */
public final class ApiRouting {
  private ApiRouting() {}

  /** Every resource of the API: one {@link io.helidon.webserver.http.HttpService} each. */
  public record Resources(
      WellKnownRoutes wellKnown,
      AdminRoutes admin,
      NotificationAdminRoutes notifications,
      AuthRoutes sessions,
      AccountRoutes accounts,
      SecondFactorRoutes secondFactor,
      RestaurantOrderRoutes board,
      SettlementRoutes settlements,
      PaymentRoutes payments,
      TossWebhookRoutes webhooks,
      RestaurantRoutes restaurants,
      OpeningHoursRoutes hours,
      StaffRoutes staff,
      MenuRoutes menu,
      OptionGroupRoutes optionGroups,
      PriceRuleRoutes priceRules,
      OrderRoutes orders,
      AnalyticsRoutes analytics,
      AdminAnalyticsRoutes adminAnalytics,
      WebhookRoutes webhookEndpoints,
      ApiDocumentRoutes openApi,
      ApiDocumentRoutes asyncApi) {}

  public static Set<String> configure(
      HttpRouting.Builder routing, Resources api, Filter rateLimits) {
    return configure(routing, api, rateLimits, Map.of(), List.of(), List.of());
  }

  /**
   * @param observed paths served by a feature beside the API (observe), with the methods they take
   * @param socketPaths the live-socket paths, where a request that is not a WebSocket upgrade is
   *     answered 426
   * @param pages the web pages, served beside the API from the root
   * @return every route registered, as {@code "METHOD /template"} (what the OpenAPI document lists)
   */
  public static Set<String> configure(
      HttpRouting.Builder routing,
      Resources api,
      Filter rateLimits,
      Map<String, List<String>> observed,
      List<String> socketPaths,
      List<HttpService> pages) {
    MethodTable methods = new MethodTable();
    observed.forEach((path, allowed) -> methods.add(path, allowed.toArray(String[]::new)));
    socketPaths.forEach(methods::socket);
    routing
        .addFilter(RouteMetrics.filter())
        .addFilter(RequestId.filter())
        .addFilter(rateLimits)
        .addFilter(StorableText.queryParameters());
    HttpRules recorded = methods.recording(routing);
    recorded
        .register("/.well-known", api.wellKnown())
        .register("/api/v1/admin/notifications", api.notifications())
        .register("/api/v1/admin/analytics", api.adminAnalytics())
        .register("/api/v1/admin", api.admin())
        .register("/api/v1/auth", api.sessions(), api.accounts(), api.secondFactor())
        .register("/api/v1/restaurants/me/orders", api.board())
        .register("/api/v1/restaurants/me/settlements", api.settlements())
        .register("/api/v1/restaurants/me/analytics", api.analytics())
        .register("/api/v1/restaurants/me/webhooks", api.webhookEndpoints())
        .register("/api/v1/payments", api.payments())
        .register("/api/v1/webhooks", api.webhooks())
        .register(
            "/api/v1/restaurants",
            api.restaurants(),
            api.hours(),
            api.staff(),
            api.menu(),
            api.optionGroups(),
            api.priceRules())
        .register("/api/v1/orders", api.orders())
        .register("/openapi", api.openApi())
        .register("/asyncapi", api.asyncApi());
    // The web pages are not API resources (EveryRouteEveryRoleTest reads only the API's above).
    pages.forEach(recorded::register);
    routing
        // Last: a known path asked with a method it does not take is 405 with Allow, a socket path
        // without an upgrade 426; anything else goes on.
        .any(methods::answer)
        // A path no route names fails with Helidon's NotFoundException: Problems answers it 404.
        .error(Throwable.class, Problems::handle);
    return methods.routes();
  }
}
