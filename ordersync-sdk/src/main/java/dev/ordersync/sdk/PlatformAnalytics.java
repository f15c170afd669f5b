package dev.ordersync.sdk;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Every restaurant's figures for the days {@code from} to {@code to} (each restaurant's days in its
 * own time zone): {@code GET /admin/analytics}. {@code totals} and {@code restaurants} count every
 * restaurant; {@code data} is one page, highest gross first.
 */
public record PlatformAnalytics(
    LocalDate from,
    LocalDate to,
    int restaurants,
    int limit,
    int offset,
    Totals totals,
    List<RestaurantFigures> data) {
  public PlatformAnalytics {
    data = data == null ? List.of() : List.copyOf(data);
  }

  /** The figures of all restaurants together. */
  public record Totals(
      long orders, long sales, long canceled, long rejected, SalesAnalytics.Revenue revenue) {}

  /** One restaurant's figures. */
  public record RestaurantFigures(
      UUID restaurantId,
      String name,
      String timeZone,
      long orders,
      long sales,
      long canceled,
      long rejected,
      SalesAnalytics.Revenue revenue) {}
}
