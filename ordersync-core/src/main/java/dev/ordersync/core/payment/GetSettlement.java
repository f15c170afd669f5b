package dev.ordersync.core.payment;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One day of a restaurant's online payments, the day taken in the restaurant's time zone: what was
 * paid (gross, by approval time), what was refunded (by refund time), the gateway's fee and what is
 * left (net). The fee is the gross times the configured rate, rounded once for the day to the
 * nearest won (half up): {@code fee = round(gross × rate)}, {@code net = gross − refunds − fee}.
 */
public final class GetSettlement {
  private final Ledger ledger;
  private final Restaurants restaurants;
  private final StaffAccess staff;
  private final BigDecimal feeRate;

  /**
   * @param restaurants where the restaurant's time zone is read, which decides its day
   * @param feeRate the gateway's fee as a fraction of the gross, between 0 and 1
   */
  public GetSettlement(
      Ledger ledger, Restaurants restaurants, StaffAccess staff, BigDecimal feeRate) {
    if (feeRate.signum() < 0 || feeRate.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("the fee rate must be between 0 and 1");
    }
    this.ledger = ledger;
    this.restaurants = restaurants;
    this.staff = staff;
    this.feeRate = feeRate;
  }

  /** The totals of one payment method. */
  public record MethodTotals(String method, int payments, long gross, int refunds, long refunded) {}

  public record Settlement(
      LocalDate date,
      ZoneId timeZone,
      Instant from,
      Instant to,
      long gross,
      long refunds,
      BigDecimal feeRate,
      long fee,
      long net,
      int paymentCount,
      int refundCount,
      List<MethodTotals> methods) {}

  /**
   * Refuses a caller who may not read this (401, 403), as {@link #handle} would, before the
   * request's parameters are read or validated; raises no tenant wall.
   */
  public void authorize(Caller caller) {
    ledger.inUnitOfWork(() -> staff.checkOwner(caller));
  }

  /** {@code date} null is today in the restaurant's time zone. */
  public Settlement handle(Caller caller, LocalDate date) {
    return ledger.inUnitOfWork(
        () -> {
          var restaurantId = staff.requireOwner(caller);
          Restaurant restaurant =
              restaurants
                  .byId(restaurantId)
                  .orElseThrow(() -> new DomainException.NotFound("restaurant"));
          ZoneId zone = restaurant.timeZone();
          LocalDate day = date == null ? ledger.clock.instant().atZone(zone).toLocalDate() : date;
          Instant from = day.atStartOfDay(zone).toInstant();
          Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
          List<Payment> paid = ledger.payments.approvedBetween(restaurantId, from, to);
          List<Refund> refunded = ledger.payments.refundedBetween(restaurantId, from, to);
          long gross = paid.stream().mapToLong(p -> p.amount().amount()).sum();
          long refunds = refunded.stream().mapToLong(r -> r.amount().amount()).sum();
          long fee = feeOf(gross);
          List<MethodTotals> methods = byMethod(paid, refunded);
          return new Settlement(
              day,
              zone,
              from,
              to,
              gross,
              refunds,
              feeRate,
              fee,
              gross - refunds - fee,
              paid.size(),
              refunded.size(),
              methods);
        });
  }

  /** The gateway's fee for the day: the gross times the rate, rounded once to the won, half up. */
  private long feeOf(long gross) {
    return new BigDecimal(gross)
        .multiply(feeRate)
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  private static List<MethodTotals> byMethod(List<Payment> paid, List<Refund> refunded) {
    Map<String, long[]> byMethod = new TreeMap<>();
    for (Payment p : paid) {
      long[] t = byMethod.computeIfAbsent(methodOf(p.method()), m -> new long[4]);
      t[0]++;
      t[1] += p.amount().amount();
    }
    for (Refund r : refunded) {
      long[] t = byMethod.computeIfAbsent(methodOf(r.method()), m -> new long[4]);
      t[2]++;
      t[3] += r.amount().amount();
    }
    return byMethod.entrySet().stream()
        .map(
            e ->
                new MethodTotals(
                    e.getKey(),
                    (int) e.getValue()[0],
                    e.getValue()[1],
                    (int) e.getValue()[2],
                    e.getValue()[3]))
        .toList();
  }

  private static String methodOf(String method) {
    return method == null || method.isBlank() ? "UNKNOWN" : method;
  }
}
