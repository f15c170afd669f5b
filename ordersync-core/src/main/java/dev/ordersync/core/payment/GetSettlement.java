package dev.ordersync.core.payment;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.user.Caller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

  /** The longest range of days one request may ask for (a chart of two months). */
  public static final int MAX_DAYS = 62;

  /** {@code date} null is today in the restaurant's time zone. */
  public Settlement handle(Caller caller, LocalDate date) {
    return ledger.inUnitOfWork(
        () -> {
          var restaurantId = staff.requireOwner(caller);
          ZoneId zone = zoneOf(restaurantId);
          LocalDate day = date == null ? ledger.clock.instant().atZone(zone).toLocalDate() : date;
          Instant from = day.atStartOfDay(zone).toInstant();
          Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
          return settle(
              day,
              zone,
              ledger.payments.approvedBetween(restaurantId, from, to),
              ledger.payments.refundedBetween(restaurantId, from, to));
        });
  }

  /**
   * The day of a restaurant asked by the server itself (the owner's daily report), settled exactly
   * as {@link #handle} settles it; inside the caller's unit of work when there is one.
   */
  public Settlement ofRestaurant(java.util.UUID restaurantId, LocalDate day) {
    return ledger.inUnitOfWork(
        () -> {
          ZoneId zone = zoneOf(restaurantId);
          Instant from = day.atStartOfDay(zone).toInstant();
          Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
          return settle(
              day,
              zone,
              ledger.payments.approvedBetween(restaurantId, from, to),
              ledger.payments.refundedBetween(restaurantId, from, to));
        });
  }

  /**
   * Each day from {@code first} to {@code last} (both included, at most {@link #MAX_DAYS}), each
   * settled exactly as {@link #handle(Caller, LocalDate)} settles it (its own fee, rounded for that
   * day), from one read of the range's payments and refunds.
   */
  public List<Settlement> days(Caller caller, LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      throw new DomainException.RuleViolated(
          "invalid_range",
          "the range ends before it starts",
          new FieldError("to", "must not be before from"));
    }
    if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
      throw new DomainException.RuleViolated(
          "invalid_range",
          "a range covers at most " + MAX_DAYS + " days",
          new FieldError("to", "must be at most " + MAX_DAYS + " days from from, both included"));
    }
    return ledger.inUnitOfWork(
        () -> {
          var restaurantId = staff.requireOwner(caller);
          ZoneId zone = zoneOf(restaurantId);
          Instant from = first.atStartOfDay(zone).toInstant();
          Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
          Map<LocalDate, List<Payment>> paid = new TreeMap<>();
          for (Payment p : ledger.payments.approvedBetween(restaurantId, from, to)) {
            paid.computeIfAbsent(p.approvedAt().atZone(zone).toLocalDate(), d -> new ArrayList<>())
                .add(p);
          }
          Map<LocalDate, List<Refund>> refunded = new TreeMap<>();
          for (Refund r : ledger.payments.refundedBetween(restaurantId, from, to)) {
            refunded
                .computeIfAbsent(r.refundedAt().atZone(zone).toLocalDate(), d -> new ArrayList<>())
                .add(r);
          }
          List<Settlement> out = new ArrayList<>();
          for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            out.add(
                settle(
                    d, zone, paid.getOrDefault(d, List.of()), refunded.getOrDefault(d, List.of())));
          }
          return out;
        });
  }

  private ZoneId zoneOf(java.util.UUID restaurantId) {
    Restaurant restaurant =
        restaurants
            .byId(restaurantId)
            .orElseThrow(() -> new DomainException.NotFound("restaurant"));
    return restaurant.timeZone();
  }

  private Settlement settle(LocalDate day, ZoneId zone, List<Payment> paid, List<Refund> refunded) {
    Instant from = day.atStartOfDay(zone).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
    long gross = paid.stream().mapToLong(p -> p.amount().amount()).sum();
    long refunds = refunded.stream().mapToLong(r -> r.amount().amount()).sum();
    long fee = feeOf(gross);
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
        byMethod(paid, refunded));
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
