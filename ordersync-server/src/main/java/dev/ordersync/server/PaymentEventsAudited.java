package dev.ordersync.server;

import dev.ordersync.core.payment.PaymentEvent;
import dev.ordersync.core.payment.PaymentEvents;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.postgres.PostgresAuditTrail;

/**
 * What happened to a payment (confirmed, declined, outcome unknown, amounts that disagree, refunds)
 * is kept as an audit record of its order, in the transaction that learned it: the trail is where a
 * disputed payment is looked up.
 */
final class PaymentEventsAudited implements PaymentEvents {
  private final PostgresAuditTrail audit;

  PaymentEventsAudited(PostgresAuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public void record(PaymentEvent event) {
    audit.record(
        AuditActions.of(event), "order", event.orderId().toString(), null, Json.text(event));
  }
}
