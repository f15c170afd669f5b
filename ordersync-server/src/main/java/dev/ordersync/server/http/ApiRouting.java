package dev.ordersync.server.http;

import dev.ordersync.core.shared.DomainException;
import io.helidon.webserver.http.HttpRouting;

/** The whole HTTP surface of API.md in one table: which resource answers which path. */
public final class ApiRouting {
  private ApiRouting() {}

  public static void configure(
      HttpRouting.Builder routing,
      AuthRoutes auth,
      RestaurantRoutes restaurants,
      OrderRoutes orders,
      RestaurantOrderRoutes board,
      AdminRoutes admin,
      WellKnownRoutes wellKnown,
      PaymentRoutes payments,
      TossWebhookRoutes webhooks,
      SettlementRoutes settlements,
      io.helidon.webserver.http.Filter rateLimits) {
    routing
        .addFilter(RequestId.filter())
        .addFilter(rateLimits)
        .register("/.well-known", wellKnown)
        .register("/api/v1/admin", admin)
        .register("/api/v1/auth", auth)
        .register("/api/v1/restaurants/me/orders", board)
        .register("/api/v1/restaurants/me/settlements", settlements)
        .register("/api/v1/payments", payments)
        .register("/api/v1/webhooks", webhooks)
        .register("/api/v1/restaurants", restaurants)
        .register("/api/v1/orders", orders)
        .any(
            "/api/*",
            (req, res) -> {
              throw new DomainException.NotFound("resource");
            })
        .error(Throwable.class, Problems::handle);
  }
}
