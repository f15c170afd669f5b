package dev.ordersync.server;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.EventView;
import dev.ordersync.server.json.OrderViews.OrderView;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresWebhooks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * Every order event a restaurant's webhook endpoints want is recorded as a webhook event, with one
 * delivery per endpoint, in the order's own unit of work (decision 0045-webhooks): kept exactly
 * when the change is, and sent afterwards by the {@link WebhookDispatcher}, so the order path pays
 * one indexed read (which endpoints want this type?) and nothing more when there are none. The
 * event's id is the order event's id: the same on every retry and replay.
 */
final class WebhookEventsFromOrderEvents implements OrderEvents {
  private final OrderEvents inner;
  private final PostgresWebhooks webhooks;
  private final JdbcTransactions tx;
  private final Duration window;
  private final Runnable committed;

  /**
   * @param committed told after a commit that recorded deliveries (wakes the dispatcher)
   */
  WebhookEventsFromOrderEvents(
      OrderEvents inner,
      PostgresWebhooks webhooks,
      JdbcTransactions tx,
      Duration window,
      Runnable committed) {
    this.inner = inner;
    this.webhooks = webhooks;
    this.tx = tx;
    this.window = window;
    this.committed = committed;
  }

  @Override
  public void append(Order order, OrderEvent event) {
    inner.append(order, event);
    if (event instanceof OrderEvent.CustomerErased) {
      return;
    }
    String type = EventView.type(event);
    List<UUID> to = webhooks.subscribers(order.restaurantId(), type);
    if (to.isEmpty()) {
      return;
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("id", event.eventId().toString());
    body.put("type", type);
    body.put("created_at", event.at().toString());
    body.put("data", OrderView.forHandler(order));
    var c = order.customer();
    boolean personal =
        c != null && (c.userId() != null || c.name() != null || c.phone() != null)
            || order.note() != null;
    String subject =
        personal ? PostgresWebhooks.orderSubject(order.id(), c == null ? null : c.userId()) : null;
    webhooks.record(
        event.eventId(),
        order.restaurantId(),
        type,
        subject,
        Json.text(body),
        event.at(),
        to,
        window);
    tx.afterCommit(committed);
  }
}
