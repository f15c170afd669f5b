package dev.ordersync.server.postgres;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.function.BiFunction;

/**
 * The order event outbox in PostgreSQL. Each event is one row, written in the transaction of the change; its payload is
 * the JSON that live subscribers receive.
 */
public final class PostgresOrderEvents implements OrderEvents {
  private final JdbcTransactions tx;
  private final BiFunction<Order, OrderEvent, String> typeOf;
  private final BiFunction<Order, OrderEvent, String> payloadOf;

  /**
   * @param typeOf the event's public type name ({@code order.created}, {@code order.status_changed}...)
   * @param payloadOf the event as JSON text
   */
  public PostgresOrderEvents(
      JdbcTransactions tx, BiFunction<Order, OrderEvent, String> typeOf, BiFunction<Order, OrderEvent, String> payloadOf) {
    this.tx = tx;
    this.typeOf = typeOf;
    this.payloadOf = payloadOf;
  }

  @Override
  public void append(Order order, OrderEvent event) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO order_events (event_id, order_id, restaurant_id, type, version, payload, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, event.eventId());
            ps.setObject(2, event.orderId());
            ps.setObject(3, event.restaurantId());
            ps.setString(4, typeOf.apply(order, event));
            ps.setLong(5, event.version());
            ps.setObject(6, payloadOf.apply(order, event), Types.OTHER);
            Rows.set(ps, 7, event.at());
            ps.executeUpdate();
          }
          return null;
        });
  }
}
