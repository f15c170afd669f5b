package dev.ordersync.server;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.EventView;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import dev.ordersync.server.postgres.PostgresOrderEvents;

/**
 * Every order change goes to the outbox (what live sockets and other instances hear) and leaves an
 * audit record, both in the order's own transaction, so neither can be missing for a committed
 * change.
 */
final class OrderEventsToOutboxAndAudit implements OrderEvents {
  private final PostgresOrderEvents outbox;
  private final PostgresAuditTrail audit;

  OrderEventsToOutboxAndAudit(PostgresOrderEvents outbox, PostgresAuditTrail audit) {
    this.outbox = outbox;
    this.audit = audit;
  }

  @Override
  public void append(Order order, OrderEvent event) {
    // Written once: the outbox row and the audit record carry the same JSON.
    String payload = Json.text(EventView.of(order, event));
    outbox.append(order, event, payload);
    audit.record(AuditActions.of(event), "order", order.id().toString(), null, payload);
  }
}
