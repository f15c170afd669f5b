package dev.ordersync.server.postgres;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.live.EventLog;
import dev.ordersync.server.live.LiveEvent;
import dev.ordersync.server.observe.Tracing;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The order event outbox in PostgreSQL. Each event is one row, written in the transaction of the
 * change; its payload is the JSON that live subscribers receive. The row is written as the
 * transaction's last step, together with its place in the restaurant's feed, and handed to the
 * event bus once the transaction has committed (decision 0011).
 */
public final class PostgresOrderEvents implements OrderEvents, EventLog {
  private static final String COLUMNS =
      "event_id, order_id, restaurant_id, version, feed_position, type, payload::text";

  private final JdbcTransactions tx;
  private final BiFunction<Order, OrderEvent, String> typeOf;
  private final BiFunction<Order, OrderEvent, String> payloadOf;
  private final EventBus bus;
  private final Tracing tracing;

  /**
   * @param typeOf the event's public type name ({@code order.created}, {@code
   *     order.status_changed}...)
   * @param payloadOf the event as JSON text
   * @param bus where committed events go
   */
  public PostgresOrderEvents(
      JdbcTransactions tx,
      BiFunction<Order, OrderEvent, String> typeOf,
      BiFunction<Order, OrderEvent, String> payloadOf,
      EventBus bus) {
    this(tx, typeOf, payloadOf, bus, Tracing.off());
  }

  /**
   * @param tracing each event carries the trace context of the change that caused it
   */
  public PostgresOrderEvents(
      JdbcTransactions tx,
      BiFunction<Order, OrderEvent, String> typeOf,
      BiFunction<Order, OrderEvent, String> payloadOf,
      EventBus bus,
      Tracing tracing) {
    this.tx = tx;
    this.typeOf = typeOf;
    this.payloadOf = payloadOf;
    this.bus = bus;
    this.tracing = tracing;
  }

  @Override
  public void append(Order order, OrderEvent event) {
    append(order, event, payloadOf.apply(order, event));
  }

  /**
   * Appends the event with its JSON already written (the caller needs the same text for the audit
   * record).
   */
  public void append(Order order, OrderEvent event, String payload) {
    String type = typeOf.apply(order, event);
    // The feed position locks the restaurant's feed row until COMMIT, so it is taken last:
    // positions of one restaurant
    // then commit in order, and the lock is held for one statement and the commit only.
    long[] position = new long[1];
    String trace = tracing.traceparent();
    tx.beforeCommit(
        event.restaurantId().toString(), () -> position[0] = insert(event, type, payload));
    tx.afterCommit(
        () ->
            bus.publish(
                new LiveEvent(
                    event.eventId(),
                    event.orderId(),
                    event.restaurantId(),
                    event.version(),
                    position[0],
                    type,
                    payload,
                    nowMicros(),
                    trace)));
  }

  /**
   * Writes the event with its feed position: the restaurant's next one (its row in {@code
   * restaurant_feeds} stays locked until COMMIT), or, for an event the restaurant is not told of
   * (an order still awaiting its payment), a negative position of its own (unique, from the event
   * sequence), which every feed reader skips because feed positions start at 1, so the feed stays
   * gapless. The order's own stream has every event, by version.
   */
  private long insert(OrderEvent event, String type, String payload) {
    String position =
        event.reachesRestaurant()
            ? "(INSERT INTO restaurant_feeds (restaurant_id, last_position) VALUES (?, 1)"
                + " ON CONFLICT (restaurant_id) DO UPDATE SET last_position = restaurant_feeds.last_position + 1"
                + " RETURNING last_position)"
            : "(SELECT -nextval(pg_get_serial_sequence('order_events', 'seq')) WHERE ?::uuid IS NOT NULL)";
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "WITH p (position) AS "
                      + position
                      + " INSERT INTO order_events"
                      + " (event_id, order_id, restaurant_id, type, version, payload, created_at, feed_position)"
                      + " SELECT ?, ?, ?, ?, ?, ?, ?, position FROM p RETURNING feed_position")) {
            ps.setObject(1, event.restaurantId());
            ps.setObject(2, event.eventId());
            ps.setObject(3, event.orderId());
            ps.setObject(4, event.restaurantId());
            ps.setString(5, type);
            ps.setLong(6, event.version());
            ps.setObject(7, payload, Types.OTHER);
            Rows.set(ps, 8, event.at());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  @Override
  public List<LiveEvent> ofOrder(UUID orderId, long afterVersion, int limit) {
    return list(
        "SELECT "
            + COLUMNS
            + " FROM order_events WHERE order_id = ? AND version > ? ORDER BY version LIMIT ?",
        orderId,
        afterVersion,
        limit);
  }

  @Override
  public List<LiveEvent> ofRestaurant(UUID restaurantId, long afterPosition, int limit) {
    return list(
        "SELECT "
            + COLUMNS
            + " FROM order_events WHERE restaurant_id = ? AND feed_position > ?"
            + " ORDER BY feed_position LIMIT ?",
        restaurantId,
        afterPosition,
        limit);
  }

  private List<LiveEvent> list(String sql, UUID id, long after, int limit) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
              List<LiveEvent> out = new ArrayList<>();
              while (rs.next()) {
                out.add(read(rs));
              }
              return out;
            }
          }
        });
  }

  @Override
  public Optional<LiveEvent> byId(UUID eventId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM order_events WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Map<UUID, Long> latestVersions(Collection<UUID> orderIds) {
    return lookup(
        "SELECT order_id, max(version) FROM order_events WHERE order_id = ANY (?) GROUP BY order_id",
        orderIds);
  }

  @Override
  public Map<UUID, Long> feedPositions(Collection<UUID> restaurantIds) {
    return lookup(
        "SELECT restaurant_id, last_position FROM restaurant_feeds WHERE restaurant_id = ANY (?)",
        restaurantIds);
  }

  private Map<UUID, Long> lookup(String sql, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
              Map<UUID, Long> out = new HashMap<>();
              while (rs.next()) {
                out.put(rs.getObject(1, UUID.class), rs.getLong(2));
              }
              return out;
            }
          }
        });
  }

  private static LiveEvent read(ResultSet rs) throws SQLException {
    return new LiveEvent(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getLong(4),
        rs.getLong(5),
        rs.getString(6),
        rs.getString(7),
        0);
  }
}
