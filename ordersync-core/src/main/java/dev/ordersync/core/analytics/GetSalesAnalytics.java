package dev.ordersync.core.analytics;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The owner reads the restaurant's numbers over a range of its local days (see {@link SalesFigures}
 * for what counts as an order, a sale and a refund).
 */
public final class GetSalesAnalytics {
  static final int TOP = 10;

  private final SalesFigures figures;
  private final Restaurants restaurants;
  private final StaffAccess staff;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public GetSalesAnalytics(
      SalesFigures figures,
      Restaurants restaurants,
      StaffAccess staff,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.figures = figures;
    this.restaurants = restaurants;
    this.staff = staff;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * Refuses a caller who may not read this (401, 403) before the request's parameters are read;
   * raises no tenant wall. Answers the restaurant's today, for a request without dates.
   */
  public LocalDate authorize(Caller caller) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = staff.checkOwner(caller);
          return clock.instant().atZone(zoneOf(restaurantId)).toLocalDate();
        });
  }

  public SalesAnalytics handle(Caller caller, AnalyticsRange range) {
    return unitOfWork.run(() -> compute(staff.requireOwner(caller), range));
  }

  /** For the reports: the numbers of a restaurant, asked by no one (inside a unit of work). */
  SalesAnalytics compute(UUID restaurantId, AnalyticsRange range) {
    ZoneId zone = zoneOf(restaurantId);
    Instant from = range.from().atStartOfDay(zone).toInstant();
    Instant to = range.to().plusDays(1).atStartOfDay(zone).toInstant();
    List<SalesFigures.Hour> hours = figures.hours(restaurantId, from, to);
    List<SalesFigures.Refunds> refunds = figures.refunds(restaurantId, from, to);
    List<SalesFigures.ItemSales> items =
        figures.items(restaurantId, zone, range.from(), range.to());
    List<SalesFigures.StageBucket> stages =
        figures.stages(restaurantId, zone, range.from(), range.to());

    long orders = 0,
        sales = 0,
        canceled = 0,
        rejected = 0,
        gross = 0,
        refunded = 0,
        refundCount = 0;
    long[] byHour = new long[24];
    TreeMap<Instant, long[]> points = new TreeMap<>();
    for (Instant start : bucketStarts(range, zone)) {
      points.put(start, new long[4]);
    }
    for (SalesFigures.Hour h : hours) {
      orders += h.orders();
      sales += h.sales();
      canceled += h.canceled();
      rejected += h.rejected();
      gross += h.gross();
      byHour[h.start().atZone(zone).getHour()] += h.orders();
      long[] p = pointOf(points, h.start());
      p[0] += h.orders();
      p[1] += h.sales();
      p[2] += h.gross();
    }
    for (SalesFigures.Refunds r : refunds) {
      refunded += r.amount();
      refundCount += r.count();
      pointOf(points, r.start())[3] += r.amount();
    }
    List<SalesAnalytics.Point> series = new ArrayList<>();
    points.forEach(
        (start, p) ->
            series.add(
                new SalesAnalytics.Point(
                    start.atZone(zone).toOffsetDateTime(), p[0], p[1], p[2], p[3])));
    return new SalesAnalytics(
        range.from(),
        range.to(),
        zone,
        range.granularity(),
        orders,
        sales,
        canceled,
        rejected,
        gross,
        refunded,
        refundCount,
        sales == 0 ? 0 : divide(gross, sales, 0).longValueExact(),
        orders == 0 ? BigDecimal.ZERO.setScale(4) : divide(canceled, orders, 4),
        orders == 0 ? BigDecimal.ZERO.setScale(4) : divide(rejected, orders, 4),
        top(items, byCount()),
        top(items, byRevenue()),
        Arrays.stream(byHour).boxed().toList(),
        times(stages, SalesFigures.Stage.PLACED_TO_ACCEPTED),
        times(stages, SalesFigures.Stage.ACCEPTED_TO_READY),
        series);
  }

  /**
   * Where each point of the series starts: every local hour, day or Monday-started week from the
   * first day, the first week clipped to the range's first day.
   */
  static List<Instant> bucketStarts(AnalyticsRange range, ZoneId zone) {
    List<Instant> starts = new ArrayList<>();
    Instant end = range.to().plusDays(1).atStartOfDay(zone).toInstant();
    switch (range.granularity()) {
      case HOUR -> {
        for (Instant t = range.from().atStartOfDay(zone).toInstant();
            t.isBefore(end);
            t = t.plus(1, ChronoUnit.HOURS)) {
          starts.add(t);
        }
      }
      case DAY -> {
        for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
          starts.add(d.atStartOfDay(zone).toInstant());
        }
      }
      case WEEK -> {
        starts.add(range.from().atStartOfDay(zone).toInstant());
        LocalDate monday = range.from().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        for (LocalDate d = monday; !d.isAfter(range.to()); d = d.plusWeeks(1)) {
          starts.add(d.atStartOfDay(zone).toInstant());
        }
      }
    }
    return starts;
  }

  static SalesAnalytics.StageTimes times(
      List<SalesFigures.StageBucket> buckets, SalesFigures.Stage stage) {
    List<SalesFigures.StageBucket> mine =
        buckets.stream()
            .filter(b -> b.stage() == stage)
            .sorted(Comparator.comparingInt(SalesFigures.StageBucket::lower))
            .toList();
    long count = mine.stream().mapToLong(SalesFigures.StageBucket::count).sum();
    if (count == 0) {
      return new SalesAnalytics.StageTimes(0, null, null);
    }
    long sumMillis = mine.stream().mapToLong(SalesFigures.StageBucket::sumMillis).sum();
    long rank = (count * 9 + 9) / 10; // ceil(0.9 × count), the nearest rank
    long seen = 0;
    Long p90 = null;
    for (SalesFigures.StageBucket b : mine) {
      seen += b.count();
      if (seen >= rank) {
        p90 = (long) b.lower() + b.width();
        break;
      }
    }
    return new SalesAnalytics.StageTimes(
        count,
        BigDecimal.valueOf(sumMillis)
            .divide(BigDecimal.valueOf(count * 1000), 1, RoundingMode.HALF_UP),
        p90);
  }

  private static List<SalesAnalytics.Item> top(
      List<SalesFigures.ItemSales> items, Comparator<SalesFigures.ItemSales> order) {
    return items.stream()
        .sorted(order)
        .limit(TOP)
        .map(i -> new SalesAnalytics.Item(i.menuItemId(), i.name(), i.quantity(), i.revenue()))
        .toList();
  }

  private static Comparator<SalesFigures.ItemSales> byCount() {
    return Comparator.comparingLong(SalesFigures.ItemSales::quantity)
        .reversed()
        .thenComparing(Comparator.comparingLong(SalesFigures.ItemSales::revenue).reversed())
        .thenComparing(i -> i.menuItemId().toString());
  }

  private static Comparator<SalesFigures.ItemSales> byRevenue() {
    return Comparator.comparingLong(SalesFigures.ItemSales::revenue)
        .reversed()
        .thenComparing(Comparator.comparingLong(SalesFigures.ItemSales::quantity).reversed())
        .thenComparing(i -> i.menuItemId().toString());
  }

  static BigDecimal divide(long a, long b, int scale) {
    return BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), scale, RoundingMode.HALF_UP);
  }

  private ZoneId zoneOf(UUID restaurantId) {
    return restaurants
        .byId(restaurantId)
        .map(Restaurant::timeZone)
        .orElseThrow(() -> new DomainException.NotFound("restaurant"));
  }

  /**
   * The point an hour falls in (the first, for an hour that starts before it in a zone whose offset
   * is not whole hours).
   */
  private static long[] pointOf(TreeMap<Instant, long[]> points, Instant hour) {
    var e = points.floorEntry(hour);
    return e == null ? points.firstEntry().getValue() : e.getValue();
  }
}
