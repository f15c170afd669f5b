package dev.ordersync.core.payment;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.Orders;
import java.time.Duration;
import java.util.Optional;

/**
 * The payment sweep. First, confirms that went unanswered ({@code CONFIRMING}) are settled by a
 * look-up at the gateway, so a customer whose confirm timed out sees the order placed without
 * having to retry. Then orders whose online payment never came expire, and their stock goes back.
 * Before an order is given up, the gateway is asked about it: a payment that was approved but never
 * confirmed back to OrderSync (a lost response, a webhook not yet delivered) places the order
 * instead. An order the gateway cannot be asked about waits for the next sweep.
 */
public final class ExpireUnpaidOrders {
  private static final int BATCH = 100;

  private final Orders orders;
  private final Ledger ledger;
  private final SyncPayment sync;
  private final Duration timeout;

  /**
   * @param orders where the orders still awaiting their payment are found
   * @param timeout how long an order waits for its payment before it expires
   */
  public ExpireUnpaidOrders(Orders orders, Ledger ledger, Duration timeout) {
    this.orders = orders;
    this.ledger = ledger;
    this.sync = new SyncPayment(ledger);
    this.timeout = timeout;
  }

  /** What one sweep did. */
  public record Swept(int expired, int paid, int deferred) {}

  public Swept handle() {
    int expired = 0;
    int paid = 0;
    int deferred = 0;
    for (Payment pending : ledger.payments.confirming(BATCH)) {
      switch (settle(pending)) {
        case PAID -> paid++;
        case DEFERRED -> deferred++;
        default -> {}
      }
    }
    for (Order order : orders.awaitingPayment(ledger.clock.instant().minus(timeout), BATCH)) {
      switch (placeOrExpire(order)) {
        case PAID -> paid++;
        case DEFERRED -> deferred++;
        case EXPIRED -> expired++;
        case UNCHANGED -> {}
      }
    }
    return new Swept(expired, paid, deferred);
  }

  /** What the sweep did with one payment or order. */
  private enum Fate {
    PAID,
    EXPIRED,
    DEFERRED,
    UNCHANGED
  }

  /** A confirm that went unanswered: the gateway's look-up settles it if it was approved. */
  private Fate settle(Payment pending) {
    try {
      Optional<GatewayPayment> seen = ledger.gateway.lookUp(pending.paymentKey());
      if (seen.isPresent()
          && seen.get().status().approved()
          && sync.apply(seen.get()) == SyncPayment.Outcome.RECORDED) {
        return Fate.PAID;
      }
      return Fate.UNCHANGED;
    } catch (GatewayException e) {
      return Fate.DEFERRED;
    }
  }

  /** An order past its wait: placed if the gateway approved its payment after all, else expired. */
  private Fate placeOrExpire(Order order) {
    Optional<GatewayPayment> seen;
    try {
      seen = ledger.gateway.lookUpByOrderId(order.id().toString());
    } catch (GatewayException.Unavailable e) {
      return Fate.DEFERRED;
    } catch (GatewayException.Declined e) {
      seen = Optional.empty();
    }
    if (seen.isPresent()
        && seen.get().status().approved()
        && sync.apply(seen.get()) == SyncPayment.Outcome.RECORDED) {
      return Fate.PAID;
    }
    // A confirm running right now holds the order's lock: the expiry below waits for it and then
    // finds the order placed. A payment approved after the order expired is refunded when the
    // gateway tells of it.
    boolean gone =
        ledger.inUnitOfWork(
            () -> {
              Optional<Order> locked = ledger.changes.lock(order.id());
              if (locked.isEmpty() || locked.get().status() != OrderStatus.AWAITING_PAYMENT) {
                return false;
              }
              ledger.changes.apply(locked.get(), null, Order::expire);
              return true;
            });
    return gone ? Fate.EXPIRED : Fate.UNCHANGED;
  }
}
