package dev.ordersync.core.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Where a restaurant's sales are counted (rolled up by the storage as it sees fit; every answer is
 * exact as of the read). What counts, in every method:
 *
 * <ul>
 *   <li>An <b>order</b> is one that reached the restaurant (any status but {@code AWAITING_PAYMENT}
 *       and {@code EXPIRED}), dated by the moment it was placed ({@code created_at}), whatever
 *       happened to it later.
 *   <li>A <b>sale</b> is an order whose money was taken: paid online (its payment approved, for the
 *       approved amount) or, paid at the counter, brought to {@code COMPLETED} (for its total). It
 *       is dated like its order. Its amount is its <b>gross</b>.
 *   <li>A <b>refund</b> is dated by when it was made, like the settlement dates it; refunds of an
 *       order that expired before its payment came (paid and refunded at once) are left out, as is
 *       that payment.
 * </ul>
 */
public interface SalesFigures {
  /** One UTC hour of placement; hours without orders may be left out. */
  record Hour(Instant start, int orders, int canceled, int rejected, int sales, long gross) {}

  /** The refunds made within one UTC hour. */
  record Refunds(Instant start, int count, long amount) {}

  /**
   * A menu item's sales over a range: its quantity and line totals (before any order-wide discount)
   * on sales that were not canceled or rejected; the name is its latest on an order.
   */
  record ItemSales(UUID menuItemId, String name, long quantity, long revenue) {}

  /** The kitchen's stages whose duration is measured. */
  enum Stage {
    PLACED_TO_ACCEPTED,
    ACCEPTED_TO_READY
  }

  /**
   * How many orders of a range took between {@code lower} (inclusive) and {@code lower + width}
   * seconds (exclusive) for a stage, and the exact sum of their durations in milliseconds.
   */
  record StageBucket(Stage stage, int lower, int width, long count, long sumMillis) {}

  /** One restaurant's totals for a platform view: days in its own time zone. */
  record RestaurantTotals(
      UUID restaurantId,
      String name,
      ZoneId timeZone,
      long orders,
      long canceled,
      long rejected,
      long sales,
      long gross,
      long refunds) {}

  /**
   * @param restaurants how many restaurants there are in all
   * @param rows one page, by gross (highest first), then by id
   * @param totals the sums over every restaurant, not only the page's
   */
  record PlatformPage(int restaurants, List<RestaurantTotals> rows, RestaurantTotals totals) {}

  /** The hours of placement from {@code from} (inclusive) to {@code to} (exclusive). */
  List<Hour> hours(UUID restaurantId, Instant from, Instant to);

  /** The refunds made from {@code from} (inclusive) to {@code to} (exclusive), per UTC hour. */
  List<Refunds> refunds(UUID restaurantId, Instant from, Instant to);

  /** Every item sold on orders placed on the local days {@code first} to {@code last}. */
  List<ItemSales> items(UUID restaurantId, ZoneId zone, LocalDate first, LocalDate last);

  /** The stage durations of orders placed on the local days {@code first} to {@code last}. */
  List<StageBucket> stages(UUID restaurantId, ZoneId zone, LocalDate first, LocalDate last);

  /** Every restaurant's totals for the local days {@code first} to {@code last}. */
  PlatformPage platform(LocalDate first, LocalDate last, int limit, int offset);
}
