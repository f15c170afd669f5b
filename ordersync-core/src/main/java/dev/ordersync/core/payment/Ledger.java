package dev.ordersync.core.payment;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.Won;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The collaborator every payment use case shares, built once where they are wired: the payment
 * records and their audit, the gateway, and the order changes a payment causes. It does what every
 * payment use case does once the gateway has spoken: record an approved payment and place its
 * order, record a refund. Those are always called inside a unit of work that holds the order's
 * lock, so a confirm, a webhook and a sweep of the same order meet one at a time and the second
 * finds the first one's work done.
 */
public final class Ledger {
  final Payments payments;
  final PaymentEvents events;
  final PaymentGateway gateway;
  final OrderChanges changes;
  final Clock clock;

  public Ledger(
      Payments payments,
      PaymentEvents events,
      PaymentGateway gateway,
      OrderChanges changes,
      Clock clock) {
    this.payments = payments;
    this.events = events;
    this.gateway = gateway;
    this.changes = changes;
    this.clock = clock;
  }

  <T> T inUnitOfWork(Supplier<T> work) {
    return changes.inUnitOfWork(work);
  }

  /**
   * The gateway says {@code g} was approved for {@code order}: records the payment and places the
   * order, unless it was done already. An approval whose amount or order id does not match the
   * order places nothing and is audited. An order that expired before its payment was approved gets
   * its money back at once.
   *
   * @param current this order's payment record, or null
   * @return the payment record as it now stands, or null if the approval does not belong to this
   *     order
   */
  Payment approved(Order order, Payment current, GatewayPayment g) {
    Instant now = clock.instant();
    if (!order.id().toString().equals(g.orderId()) || g.totalAmount() != order.total().amount()) {
      events.record(
          new PaymentEvent.GatewayAmountMismatch(
              order.id(), g.paymentKey(), g.totalAmount(), order.total().amount(), now));
      return null;
    }
    if (current != null && current.status().paid() && current.paymentKey().equals(g.paymentKey())) {
      // Already recorded (a webhook after the confirm, a double tap): only a lower balance is news.
      if (g.balanceAmount() < current.balance().amount()) {
        Payment synced = current.refunded(Won.of(g.balanceAmount()), now);
        payments.save(synced);
        return synced;
      }
      return current;
    }
    Payment base =
        current != null
            ? current
            : Payment.confirming(
                Ids.newId(clock),
                order.id(),
                order.restaurantId(),
                g.paymentKey(),
                order.total(),
                now);
    Payment paid = base.approved(g, now);
    payments.save(paid);
    events.record(
        new PaymentEvent.Confirmed(order.id(), g.paymentKey(), g.totalAmount(), g.method(), now));
    if (order.status() == OrderStatus.AWAITING_PAYMENT) {
      changes.apply(order, null, Order::pay);
    } else if (order.status() == OrderStatus.EXPIRED && paid.balance().amount() > 0) {
      // Paid after the order gave up waiting: the kitchen will never make it, so the money goes
      // back.
      return refund(
          order,
          paid,
          null,
          "the order expired before its payment was confirmed",
          "expired-" + order.id(),
          true);
    }
    return paid;
  }

  /**
   * Refunds {@code amount} (all that is left when null) through one gateway cancel with {@code
   * key}, and records it. Gateway failures propagate, so the caller's unit of work (and whatever it
   * changed) rolls back.
   */
  Payment refund(
      Order order,
      Payment payment,
      Won amount,
      String reason,
      String key,
      boolean byRestaurantCancel) {
    Won wanted = amount == null ? payment.balance() : amount;
    GatewayPayment after = gateway.cancel(payment.paymentKey(), reason, amount, key);
    Instant now = clock.instant();
    long left =
        Math.max(0, Math.min(after.balanceAmount(), payment.balance().amount() - wanted.amount()));
    if (after.balanceAmount() != payment.balance().amount() - wanted.amount()) {
      // The gateway is the authority on what is left (a cancel made outside OrderSync, say).
      left = Math.max(0, Math.min(after.balanceAmount(), payment.amount().amount()));
    }
    Payment refunded = payment.refunded(Won.of(left), now);
    payments.save(refunded);
    UUID refundId = Ids.newId(clock);
    payments.addRefund(
        new Refund(
            refundId,
            payment.id(),
            order.id(),
            order.restaurantId(),
            wanted,
            reason,
            payment.method(),
            key,
            byRestaurantCancel,
            now));
    events.record(
        new PaymentEvent.RefundIssued(
            order.id(), refundId, payment.paymentKey(), wanted.amount(), left, reason, key, now));
    long remaining = left;
    changes.apply(order, null, (o, at) -> o.refunded(wanted.amount(), remaining, at));
    return refunded;
  }
}
