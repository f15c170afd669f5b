package dev.ordersync.core.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant's numbers over a range of its local days. Amounts are whole won; {@code net} is
 * {@code gross − refunds}; rates are shares of {@code orders} (0 without orders).
 *
 * @param averageOrderValue {@code gross ÷ sales}, rounded half up to the won (0 without sales)
 * @param topItems the ten items sold most by quantity (then by revenue)
 * @param topItemsByRevenue the ten items that brought the most revenue (then by quantity)
 * @param byHour orders per hour of the local day, 24 entries, 0 to 23
 */
public record SalesAnalytics(
    LocalDate from,
    LocalDate to,
    ZoneId timeZone,
    Granularity granularity,
    long orders,
    long sales,
    long canceled,
    long rejected,
    long gross,
    long refunds,
    long refundCount,
    long averageOrderValue,
    BigDecimal cancelRate,
    BigDecimal rejectRate,
    List<Item> topItems,
    List<Item> topItemsByRevenue,
    List<Long> byHour,
    StageTimes placedToAccepted,
    StageTimes acceptedToReady,
    List<Point> series) {

  public long net() {
    return gross - refunds;
  }

  public record Item(UUID menuItemId, String name, long count, long revenue) {}

  /**
   * @param average the mean duration in seconds, to a tenth (null when none was measured)
   * @param p90 the 90th percentile (nearest rank) in seconds, as the upper edge of its histogram
   *     bucket: 5-second buckets under 10 minutes, 1-minute under 2 hours, 10-minute beyond (null
   *     when none was measured)
   */
  public record StageTimes(long count, BigDecimal average, Long p90) {}

  /** One point of the series: its local start, clipped to the range's first day. */
  public record Point(OffsetDateTime start, long orders, long sales, long gross, long refunds) {
    public long net() {
      return gross - refunds;
    }
  }
}
