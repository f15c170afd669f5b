package dev.ordersync.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;

/** The whole HTTP surface of API.md in one table: which resource answers which path. */
public final class ApiRouting {
  private ApiRouting() {}

  /** Every resource of the API: one {@link io.helidon.webserver.http.HttpService} each. */
  public record Resources(
      WellKnownRoutes wellKnown,
      AdminRoutes admin,
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
      OrderRoutes orders) {}

  public static void configure(HttpRouting.Builder routing, Resources api, Filter rateLimits) {
    routing
        .addFilter(RequestId.filter())
        .addFilter(rateLimits)
        .addFilter(StorableText.queryParameters())
        .register("/.well-known", api.wellKnown())
        .register("/api/v1/admin", api.admin())
        .register("/api/v1/auth", api.sessions(), api.accounts(), api.secondFactor())
        .register("/api/v1/restaurants/me/orders", api.board())
        .register("/api/v1/restaurants/me/settlements", api.settlements())
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
        // A path no route names fails with Helidon's NotFoundException: Problems answers it 404.
        .error(Throwable.class, Problems::handle);
  }
}
