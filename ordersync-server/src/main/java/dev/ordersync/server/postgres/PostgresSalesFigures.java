package dev.ordersync.server.postgres;

import dev.ordersync.core.analytics.SalesFigures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant's sales from rollups kept beside the raw rows (decision 0043-analytics-rollups).
 *
 * <p>{@link #rollUp} reads a restaurant's feed (order_events by feed_position, gapless and in
 * commit order per restaurant) past its cursor, and recomputes from the raw rows every UTC hour and
 * local day in which an order it touched was placed. A read takes the rollups for everything except
 * the hours and days touched by events past the cursor, which it recomputes from the raw rows with
 * the same SQL, in the same statement (one snapshot): every answer is exact, however far behind the
 * job is; the job only keeps the raw part small. Refunds are summed raw by their settlement index.
 */
public final class PostgresSalesFigures implements SalesFigures {
  /** The gross of an order (null when it is not a sale): see {@link SalesFigures}. */
  private static final String SALE =
      "(CASE WHEN o.status IN ('AWAITING_PAYMENT', 'EXPIRED') THEN NULL"
          + " WHEN p.approved_at IS NOT NULL THEN p.amount"
          + " WHEN o.status = 'COMPLETED' THEN o.total END)";

  private static final String FIGURES =
      "count(o.id) FILTER (WHERE o.status NOT IN ('AWAITING_PAYMENT', 'EXPIRED'))::int AS orders,"
          + " count(o.id) FILTER (WHERE o.status = 'CANCELED')::int AS canceled,"
          + " count(o.id) FILTER (WHERE o.status = 'REJECTED')::int AS rejected,"
          + " count("
          + SALE
          + ")::int AS sales, coalesce(sum("
          + SALE
          + "), 0)::bigint AS gross";

  /** The hours of {@code dirty(hour)}, from the raw rows. Parameter: the restaurant. */
  private static final String RAW_HOURS =
      "SELECT d.hour, "
          + FIGURES
          + " FROM dirty d JOIN orders o ON o.restaurant_id = ? AND o.created_at >= d.hour"
          + " AND o.created_at < d.hour + interval '1 hour'"
          + " LEFT JOIN payments p ON p.order_id = o.id GROUP BY d.hour";

  /**
   * The orders placed on the local days of {@code dirty(day)}. Parameters: restaurant, zone, zone.
   */
  private static final String DAY_ORDERS =
      " FROM dirty d JOIN orders o ON o.restaurant_id = ?"
          + " AND o.created_at >= d.day::timestamp AT TIME ZONE ?"
          + " AND o.created_at < (d.day + 1)::timestamp AT TIME ZONE ?";

  private static final String RAW_ITEMS =
      "SELECT d.day, l.menu_item_id, min(l.name) AS name, sum(l.quantity)::int AS quantity,"
          + " sum(l.line_total)::bigint AS revenue"
          + DAY_ORDERS
          + " LEFT JOIN payments p ON p.order_id = o.id JOIN order_lines l ON l.order_id = o.id"
          + " WHERE o.status NOT IN ('CANCELED', 'REJECTED') AND "
          + SALE
          + " IS NOT NULL GROUP BY d.day, l.menu_item_id";

  private static final String RAW_STAGES =
      "SELECT d.day, x.stage,"
          + " (CASE WHEN x.s < 600 THEN floor(x.s / 5) * 5 WHEN x.s < 7200 THEN floor(x.s / 60) * 60"
          + " ELSE floor(x.s / 600) * 600 END)::int AS bucket,"
          + " (CASE WHEN x.s < 600 THEN 5 WHEN x.s < 7200 THEN 60 ELSE 600 END) AS width,"
          + " count(*)::int AS count, sum(round(x.s * 1000))::bigint AS sum_ms"
          + DAY_ORDERS
          + " CROSS JOIN LATERAL (SELECT"
          + " min(e.created_at) FILTER (WHERE e.feed_position > 0"
          + " AND e.payload->>'event' IN ('OrderCreated', 'OrderPaid')) AS placed,"
          + " min(e.created_at) FILTER (WHERE e.payload->>'event' = 'OrderAccepted') AS accepted,"
          + " min(e.created_at) FILTER (WHERE e.payload->>'event' = 'OrderReady') AS ready"
          + " FROM order_events e WHERE e.order_id = o.id) t"
          + " CROSS JOIN LATERAL (VALUES"
          + " ('placed_to_accepted', CASE WHEN t.placed IS NOT NULL AND t.accepted IS NOT NULL"
          + " THEN greatest(0, extract(epoch FROM t.accepted - t.placed)) END),"
          + " ('accepted_to_ready', CASE WHEN t.accepted IS NOT NULL AND t.ready IS NOT NULL"
          + " THEN greatest(0, extract(epoch FROM t.ready - t.accepted)) END)) x (stage, s)"
          + " WHERE x.s IS NOT NULL GROUP BY 1, 2, 3, 4";

  /**
   * Events of a restaurant the rollups have not read. Parameters: restaurant, its cursor (read
   * first and bound, so the planner sees how few events are past it and walks the feed's index).
   */
  private static final String UNREAD =
      " FROM order_events e JOIN orders o ON o.id = e.order_id WHERE e.restaurant_id = ?"
          + " AND e.feed_position > ?";

  private static final String DIRTY_HOURS =
      "WITH dirty AS (SELECT DISTINCT date_trunc('hour', o.created_at, 'UTC') AS hour"
          + UNREAD
          + ")";

  /** Parameters: zone, restaurant, cursor. */
  private static final String DIRTY_DAYS =
      "WITH dirty AS (SELECT DISTINCT (o.created_at AT TIME ZONE ?)::date AS day" + UNREAD + ")";

  /**
   * Not the refund of a payment that came after its order expired: Ledger gives exactly that refund
   * the key {@code expired-<order id>}. Read from the refund itself, so summing a year of refunds
   * never touches the orders.
   */
  private static final String NOT_EXPIRED = "r.idempotency_key <> 'expired-' || r.order_id::text";

  private final JdbcTransactions tx;

  public PostgresSalesFigures(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public List<Hour> hours(UUID restaurantId, Instant from, Instant to) {
    long cursor = cursor(restaurantId);
    if (!unread(restaurantId, cursor)) {
      return query(
          "SELECT hour, orders, canceled, rejected, sales, gross FROM analytics_hourly"
              + " WHERE restaurant_id = ? AND hour >= ? AND hour < ?",
          PostgresSalesFigures::hour,
          restaurantId,
          from,
          to);
    }
    return query(
        DIRTY_HOURS
            + " SELECT hour, orders, canceled, rejected, sales, gross FROM analytics_hourly"
            + " WHERE restaurant_id = ? AND hour >= ? AND hour < ?"
            + " AND hour NOT IN (SELECT hour FROM dirty)"
            + " UNION ALL SELECT * FROM ("
            + RAW_HOURS
            + ") raw WHERE hour >= ? AND hour < ?",
        PostgresSalesFigures::hour,
        restaurantId,
        cursor,
        restaurantId,
        from,
        to,
        restaurantId,
        from,
        to);
  }

  @Override
  public List<Refunds> refunds(UUID restaurantId, Instant from, Instant to) {
    return query(
        "SELECT date_trunc('hour', r.refunded_at, 'UTC') AS hour, count(*)::int AS n,"
            + " sum(r.amount)::bigint AS amount FROM refunds r"
            + " WHERE r.restaurant_id = ? AND r.refunded_at >= ? AND r.refunded_at < ?"
            + " AND "
            + NOT_EXPIRED
            + " GROUP BY 1",
        rs -> new Refunds(Rows.instant(rs, "hour"), rs.getInt("n"), rs.getLong("amount")),
        restaurantId,
        from,
        to);
  }

  @Override
  public List<ItemSales> items(UUID restaurantId, ZoneId zone, LocalDate first, LocalDate last) {
    String z = zone.getId();
    long cursor = cursor(restaurantId);
    if (!unread(restaurantId, cursor)) {
      return query(
          "SELECT menu_item_id, (array_agg(name ORDER BY day DESC))[1] AS name,"
              + " sum(quantity)::bigint AS quantity, sum(revenue)::bigint AS revenue"
              + " FROM analytics_daily_items WHERE restaurant_id = ? AND day BETWEEN ? AND ?"
              + " GROUP BY menu_item_id",
          PostgresSalesFigures::item,
          restaurantId,
          first,
          last);
    }
    return query(
        DIRTY_DAYS
            + " SELECT menu_item_id, (array_agg(name ORDER BY day DESC))[1] AS name,"
            + " sum(quantity)::bigint AS quantity, sum(revenue)::bigint AS revenue FROM ("
            + " SELECT day, menu_item_id, name, quantity, revenue FROM analytics_daily_items"
            + " WHERE restaurant_id = ? AND day BETWEEN ? AND ? AND day NOT IN (SELECT day FROM dirty)"
            + " UNION ALL SELECT * FROM ("
            + RAW_ITEMS
            + ") raw WHERE day BETWEEN ? AND ?) x GROUP BY menu_item_id",
        PostgresSalesFigures::item,
        z,
        restaurantId,
        cursor,
        restaurantId,
        first,
        last,
        restaurantId,
        z,
        z,
        first,
        last);
  }

  /**
   * The stage histograms of the local days {@code first} to {@code last}: the whole months of the
   * range from {@code analytics_monthly_stages}, the days at its edges from the daily rows, and the
   * days touched by unread events (and the rest of their months, from the daily rows) recomputed
   * raw. A year is about 24 histograms, not 730.
   */
  @Override
  public List<StageBucket> stages(UUID restaurantId, ZoneId zone, LocalDate first, LocalDate last) {
    String z = zone.getId();
    LocalDate monthsFrom =
        first.getDayOfMonth() == 1 ? first : first.withDayOfMonth(1).plusMonths(1);
    LocalDate monthsTo = last.plusDays(1).withDayOfMonth(1);
    if (!monthsFrom.isBefore(monthsTo)) {
      monthsFrom = first;
      monthsTo = first;
    }
    long cursor = cursor(restaurantId);
    if (!unread(restaurantId, cursor)) {
      return query(
          "SELECT stage, bucket, width, sum(count)::bigint AS count, sum(sum_ms)::bigint AS sum_ms"
              + " FROM (SELECT stage, bucket, width, count, sum_ms FROM analytics_monthly_stages"
              + " WHERE restaurant_id = ? AND month >= ? AND month < ?"
              + " UNION ALL SELECT stage, bucket, width, count, sum_ms FROM analytics_daily_stages"
              + " WHERE restaurant_id = ? AND day BETWEEN ? AND ? AND (day < ? OR day >= ?)) x"
              + " GROUP BY stage, bucket, width",
          PostgresSalesFigures::stage,
          restaurantId,
          monthsFrom,
          monthsTo,
          restaurantId,
          first,
          last,
          monthsFrom,
          monthsTo);
    }
    return query(
        DIRTY_DAYS
            + ", dirty_months AS (SELECT DISTINCT date_trunc('month', day)::date AS month FROM dirty)"
            + " SELECT stage, bucket, width, sum(count)::bigint AS count, sum(sum_ms)::bigint AS sum_ms"
            + " FROM (SELECT stage, bucket, width, count, sum_ms FROM analytics_monthly_stages"
            + " WHERE restaurant_id = ? AND month >= ? AND month < ?"
            + " AND month NOT IN (SELECT month FROM dirty_months)"
            + " UNION ALL SELECT stage, bucket, width, count, sum_ms FROM analytics_daily_stages"
            + " WHERE restaurant_id = ? AND day BETWEEN ? AND ? AND day NOT IN (SELECT day FROM dirty)"
            + " AND (day < ? OR day >= ?"
            + " OR date_trunc('month', day)::date IN (SELECT month FROM dirty_months))"
            + " UNION ALL SELECT stage, bucket, width, count, sum_ms FROM ("
            + RAW_STAGES
            + ") raw WHERE day BETWEEN ? AND ?) x GROUP BY stage, bucket, width",
        PostgresSalesFigures::stage,
        z,
        restaurantId,
        cursor,
        restaurantId,
        monthsFrom,
        monthsTo,
        restaurantId,
        first,
        last,
        monthsFrom,
        monthsTo,
        restaurantId,
        z,
        z,
        first,
        last);
  }

  @Override
  public PlatformPage platform(LocalDate first, LocalDate last, int limit, int offset) {
    String sql =
        "WITH r AS (SELECT id, name, time_zone, ?::date::timestamp AT TIME ZONE time_zone AS f,"
            + " (?::date + 1)::timestamp AT TIME ZONE time_zone AS t FROM restaurants),"
            + " dirty AS (SELECT DISTINCT e.restaurant_id, date_trunc('hour', o.created_at, 'UTC') AS hour"
            + " FROM r LEFT JOIN analytics_cursors c ON c.restaurant_id = r.id"
            + " JOIN order_events e ON e.restaurant_id = r.id AND e.feed_position > coalesce(c.position, 0)"
            + " JOIN orders o ON o.id = e.order_id),"
            + " h AS (SELECT a.restaurant_id, a.orders, a.canceled, a.rejected, a.sales, a.gross"
            + " FROM analytics_hourly a JOIN r ON r.id = a.restaurant_id WHERE a.hour >= r.f AND a.hour < r.t"
            + " AND NOT EXISTS (SELECT 1 FROM dirty d WHERE d.restaurant_id = a.restaurant_id AND d.hour = a.hour)"
            + " UNION ALL SELECT d.restaurant_id, "
            + FIGURES
            + " FROM dirty d JOIN r ON r.id = d.restaurant_id AND d.hour >= r.f AND d.hour < r.t"
            + " JOIN orders o ON o.restaurant_id = d.restaurant_id AND o.created_at >= d.hour"
            + " AND o.created_at < d.hour + interval '1 hour'"
            + " LEFT JOIN payments p ON p.order_id = o.id GROUP BY d.restaurant_id, d.hour),"
            + " f AS (SELECT restaurant_id, sum(orders) AS orders, sum(canceled) AS canceled,"
            + " sum(rejected) AS rejected, sum(sales) AS sales, sum(gross) AS gross FROM h GROUP BY restaurant_id),"
            + " rf AS (SELECT x.restaurant_id, sum(x.amount) AS refunds FROM refunds x JOIN r ON r.id = x.restaurant_id"
            + " WHERE x.refunded_at >= r.f AND x.refunded_at < r.t AND "
            + NOT_EXPIRED.replace("r.", "x.")
            + " GROUP BY x.restaurant_id),"
            + " per_restaurant AS (SELECT r.id, r.name, r.time_zone, coalesce(f.orders, 0)::bigint AS orders,"
            + " coalesce(f.canceled, 0)::bigint AS canceled, coalesce(f.rejected, 0)::bigint AS rejected,"
            + " coalesce(f.sales, 0)::bigint AS sales, coalesce(f.gross, 0)::bigint AS gross,"
            + " coalesce(rf.refunds, 0)::bigint AS refunds"
            + " FROM r LEFT JOIN f ON f.restaurant_id = r.id LEFT JOIN rf ON rf.restaurant_id = r.id)"
            + " SELECT per_restaurant.*, count(*) OVER () AS n, sum(orders) OVER () AS t_orders,"
            + " sum(canceled) OVER () AS t_canceled, sum(rejected) OVER () AS t_rejected,"
            + " sum(sales) OVER () AS t_sales, sum(gross) OVER () AS t_gross,"
            + " sum(refunds) OVER () AS t_refunds FROM per_restaurant ORDER BY gross DESC, id LIMIT ? OFFSET ?";
    record Row(RestaurantTotals row, int n, RestaurantTotals totals) {}
    List<Row> rows =
        query(
            sql,
            rs ->
                new Row(
                    new RestaurantTotals(
                        Rows.uuid(rs, "id"),
                        rs.getString("name"),
                        ZoneId.of(rs.getString("time_zone")),
                        rs.getLong("orders"),
                        rs.getLong("canceled"),
                        rs.getLong("rejected"),
                        rs.getLong("sales"),
                        rs.getLong("gross"),
                        rs.getLong("refunds")),
                    rs.getInt("n"),
                    new RestaurantTotals(
                        null,
                        null,
                        null,
                        rs.getLong("t_orders"),
                        rs.getLong("t_canceled"),
                        rs.getLong("t_rejected"),
                        rs.getLong("t_sales"),
                        rs.getLong("t_gross"),
                        rs.getLong("t_refunds"))),
            first,
            last,
            limit,
            offset);
    if (rows.isEmpty()) {
      // A page past the end: the totals still count every restaurant.
      return offset == 0
          ? new PlatformPage(0, List.of(), new RestaurantTotals(null, null, null, 0, 0, 0, 0, 0, 0))
          : new PlatformPage(
              platform(first, last, 1, 0).restaurants(),
              List.of(),
              platform(first, last, 1, 0).totals());
    }
    return new PlatformPage(
        rows.getFirst().n(), rows.stream().map(Row::row).toList(), rows.getFirst().totals());
  }

  /**
   * Whether the restaurant's feed has events past {@code cursor}: without any, the rollups are the
   * whole answer and a read skips the raw part (whose plan costs even when it finds nothing).
   */
  private boolean unread(UUID restaurantId, long cursor) {
    return !query(
            "SELECT 1 FROM order_events WHERE restaurant_id = ? AND feed_position > ? LIMIT 1",
            rs -> rs.getInt(1),
            restaurantId,
            cursor)
        .isEmpty();
  }

  private static Hour hour(ResultSet rs) throws SQLException {
    return new Hour(
        Rows.instant(rs, "hour"),
        rs.getInt("orders"),
        rs.getInt("canceled"),
        rs.getInt("rejected"),
        rs.getInt("sales"),
        rs.getLong("gross"));
  }

  private static ItemSales item(ResultSet rs) throws SQLException {
    return new ItemSales(
        Rows.uuid(rs, "menu_item_id"),
        rs.getString("name"),
        rs.getLong("quantity"),
        rs.getLong("revenue"));
  }

  private static StageBucket stage(ResultSet rs) throws SQLException {
    return new StageBucket(
        Stage.valueOf(rs.getString("stage").toUpperCase(java.util.Locale.ROOT)),
        rs.getInt("bucket"),
        rs.getInt("width"),
        rs.getLong("count"),
        rs.getLong("sum_ms"));
  }

  /**
   * How far the job has read the restaurant's feed (0: not at all). Read in the caller's unit of
   * work, before the statement that uses it: events the job reads meanwhile are only recomputed raw
   * once more, which changes no figure.
   */
  private long cursor(UUID restaurantId) {
    List<Long> position =
        query(
            "SELECT position FROM analytics_cursors WHERE restaurant_id = ?",
            rs -> rs.getLong(1),
            restaurantId);
    return position.isEmpty() ? 0 : position.getFirst();
  }

  /**
   * Brings one restaurant's rollups forward by at most {@code maxEvents} events of its feed, in one
   * transaction; another instance at work on the same restaurant makes this one skip it.
   *
   * @return how many events were read (0: nothing to do, or another instance has it)
   */
  public long rollUp(UUID restaurantId, int maxEvents) {
    return tx.run(
        () ->
            tx.withConnection(
                c -> {
                  exec(
                      c,
                      "INSERT INTO analytics_cursors (restaurant_id, position, time_zone, updated_at)"
                          + " SELECT id, 0, time_zone, now() FROM restaurants WHERE id = ?"
                          + " ON CONFLICT (restaurant_id) DO NOTHING",
                      restaurantId);
                  long cursor;
                  String zone;
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT c.position, r.time_zone FROM analytics_cursors c"
                              + " JOIN restaurants r ON r.id = c.restaurant_id"
                              + " WHERE c.restaurant_id = ? FOR UPDATE OF c SKIP LOCKED")) {
                    ps.setObject(1, restaurantId);
                    try (ResultSet rs = ps.executeQuery()) {
                      if (!rs.next()) {
                        return 0L;
                      }
                      cursor = rs.getLong(1);
                      zone = rs.getString(2);
                    }
                  }
                  long end;
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT last_position FROM restaurant_feeds WHERE restaurant_id = ?")) {
                    ps.setObject(1, restaurantId);
                    try (ResultSet rs = ps.executeQuery()) {
                      end = rs.next() ? Math.min(rs.getLong(1), cursor + maxEvents) : cursor;
                    }
                  }
                  if (end <= cursor) {
                    return 0L;
                  }
                  List<OffsetDateTime> hours = new ArrayList<>();
                  List<LocalDate> days = new ArrayList<>();
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT DISTINCT date_trunc('hour', o.created_at, 'UTC') AS hour,"
                              + " (o.created_at AT TIME ZONE ?)::date AS day"
                              + " FROM order_events e JOIN orders o ON o.id = e.order_id"
                              + " WHERE e.restaurant_id = ? AND e.feed_position > ? AND e.feed_position <= ?")) {
                    ps.setString(1, zone);
                    ps.setObject(2, restaurantId);
                    ps.setLong(3, cursor);
                    ps.setLong(4, end);
                    try (ResultSet rs = ps.executeQuery()) {
                      while (rs.next()) {
                        OffsetDateTime h = rs.getObject(1, OffsetDateTime.class);
                        LocalDate d = rs.getObject(2, LocalDate.class);
                        if (!hours.contains(h)) {
                          hours.add(h);
                        }
                        if (!days.contains(d)) {
                          days.add(d);
                        }
                      }
                    }
                  }
                  var hourArray =
                      c.createArrayOf(
                          "timestamptz",
                          hours.stream()
                              .map(h -> h.withOffsetSameInstant(ZoneOffset.UTC))
                              .toArray());
                  var dayArray = c.createArrayOf("date", days.toArray());
                  exec(
                      c,
                      "WITH dirty AS (SELECT unnest(?::timestamptz[]) AS hour)"
                          + " INSERT INTO analytics_hourly (restaurant_id, hour, orders, canceled, rejected,"
                          + " sales, gross) SELECT ?, raw.* FROM ("
                          + RAW_HOURS
                          + ") raw ON CONFLICT (restaurant_id, hour) DO UPDATE SET"
                          + " orders = excluded.orders, canceled = excluded.canceled,"
                          + " rejected = excluded.rejected, sales = excluded.sales, gross = excluded.gross",
                      hourArray,
                      restaurantId,
                      restaurantId);
                  exec(
                      c,
                      "DELETE FROM analytics_daily_items WHERE restaurant_id = ? AND day = ANY (?::date[])",
                      restaurantId,
                      dayArray);
                  exec(
                      c,
                      "WITH dirty AS (SELECT unnest(?::date[]) AS day)"
                          + " INSERT INTO analytics_daily_items (restaurant_id, day, menu_item_id, name,"
                          + " quantity, revenue) SELECT ?, raw.* FROM ("
                          + RAW_ITEMS
                          + ") raw",
                      dayArray,
                      restaurantId,
                      restaurantId,
                      zone,
                      zone);
                  exec(
                      c,
                      "DELETE FROM analytics_daily_stages WHERE restaurant_id = ? AND day = ANY (?::date[])",
                      restaurantId,
                      dayArray);
                  exec(
                      c,
                      "WITH dirty AS (SELECT unnest(?::date[]) AS day)"
                          + " INSERT INTO analytics_daily_stages (restaurant_id, day, stage, bucket, width,"
                          + " count, sum_ms) SELECT ?, raw.* FROM ("
                          + RAW_STAGES
                          + ") raw",
                      dayArray,
                      restaurantId,
                      restaurantId,
                      zone,
                      zone);
                  // The months of those days, summed again from their daily rows.
                  var monthArray =
                      c.createArrayOf(
                          "date", days.stream().map(d -> d.withDayOfMonth(1)).distinct().toArray());
                  exec(
                      c,
                      "DELETE FROM analytics_monthly_stages WHERE restaurant_id = ?"
                          + " AND month = ANY (?::date[])",
                      restaurantId,
                      monthArray);
                  exec(
                      c,
                      "INSERT INTO analytics_monthly_stages (restaurant_id, month, stage, bucket, width,"
                          + " count, sum_ms) SELECT restaurant_id, date_trunc('month', day)::date, stage,"
                          + " bucket, width, sum(count), sum(sum_ms) FROM analytics_daily_stages"
                          + " JOIN unnest(?::date[]) m (month) ON day >= m.month"
                          + " AND day < (m.month + interval '1 month')::date WHERE restaurant_id = ?"
                          + " GROUP BY restaurant_id, date_trunc('month', day)::date, stage, bucket, width",
                      monthArray,
                      restaurantId);
                  exec(
                      c,
                      "UPDATE analytics_cursors SET position = ?, updated_at = now()"
                          + " WHERE restaurant_id = ?",
                      end,
                      restaurantId);
                  return end - cursor;
                }));
  }

  /** The restaurants whose feed has events their rollups have not read, at most {@code limit}. */
  public List<UUID> behind(int limit) {
    return query(
        "SELECT f.restaurant_id FROM restaurant_feeds f"
            + " LEFT JOIN analytics_cursors c ON c.restaurant_id = f.restaurant_id"
            + " WHERE f.last_position > coalesce(c.position, 0) LIMIT ?",
        rs -> Rows.uuid(rs, "restaurant_id"),
        limit);
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, RowReader<T> reader, Object... params) {
    return tx.withConnection(
        c -> {
          if (!c.getAutoCommit()) {
            // A plan made for the values at hand: a generic plan would guess that a third of the
            // feed is past the cursor and scan all of it.
            try (var set = c.createStatement()) {
              set.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
          }
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(reader.read(rs));
              }
            }
            return out;
          }
        });
  }

  private static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Instant t) {
        ps.setObject(i + 1, t.atOffset(ZoneOffset.UTC));
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }
}
