package dev.ordersync.sdk;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A restaurant's figures over its local days {@code from} to {@code to}, both included: {@code GET
 * /restaurants/me/analytics}. Amounts are whole won; rates are shares of {@code orders}.
 *
 * @param granularity {@code hour}, {@code day} or {@code week}, as the server wrote it (a newer
 *     server may send another)
 * @param byHour 24 entries: orders per local hour of the day over the whole range
 * @param series one point per local hour, day or week of the range, empty ones included
 */
public record SalesAnalytics(
    LocalDate from,
    LocalDate to,
    String timeZone,
    String granularity,
    long orders,
    long sales,
    long canceled,
    long rejected,
    Revenue revenue,
    long refundCount,
    long averageOrderValue,
    BigDecimal cancelRate,
    BigDecimal rejectRate,
    List<TopItem> topItems,
    List<TopItem> topItemsByRevenue,
    List<Long> byHour,
    StageSeconds stageSeconds,
    List<Point> series) {
  public SalesAnalytics {
    topItems = topItems == null ? List.of() : List.copyOf(topItems);
    topItemsByRevenue = topItemsByRevenue == null ? List.of() : List.copyOf(topItemsByRevenue);
    byHour = byHour == null ? List.of() : List.copyOf(byHour);
    series = series == null ? List.of() : List.copyOf(series);
  }

  /** The step of {@link #series()}. */
  public enum Granularity {
    HOUR,
    DAY,
    WEEK;

    /** The query value: {@code hour}, {@code day} or {@code week}. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Money taken, refunded and kept ({@code net = gross − refunds}), in won. */
  public record Revenue(long gross, long refunds, long net) {}

  /** One of the best-selling items. */
  public record TopItem(UUID menuItemId, String name, long count, long revenue) {}

  /**
   * How long orders spent between two steps, over the orders that reached both.
   *
   * @param avg the mean in seconds (one decimal), null when nothing was measured
   * @param p90 the 90th percentile's bucket edge in seconds, null when nothing was measured
   */
  public record Stage(long count, BigDecimal avg, Long p90) {}

  /** The two stages measured. */
  public record StageSeconds(Stage placedToAccepted, Stage acceptedToReady) {}

  /**
   * One point of the series.
   *
   * @param start the point's local start, with the restaurant's offset (kept as the server sent it)
   */
  public record Point(
      @JsonFormat(without = JsonFormat.Feature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          OffsetDateTime start,
      long orders,
      long sales,
      long gross,
      long refunds,
      long net) {}
}
