package dev.ordersync.core.payment;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.shared.DomainException;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings OrderSync's record of a payment in line with the gateway's. Used for webhooks, which are
 * not signed and so are trusted for nothing but the payment key they name: the payment is read
 * again from the gateway, and only that answer is acted on. An approved payment places its order
 * (once, whoever gets there first); a refund made elsewhere lowers the recorded balance.
 */
public final class SyncPayment {
  private final Ledger ledger;

  public SyncPayment(Ledger ledger) {
    this.ledger = ledger;
  }

  /** What came of it. */
  public enum Outcome {
    /** The gateway does not know the payment, or it is not OrderSync's order. */
    UNKNOWN,
    /** Not approved (yet): nothing to do. */
    NOT_APPROVED,
    /** Recorded (now, or already before). */
    RECORDED
  }

  /**
   * Re-reads the payment named by {@code paymentKey} from the gateway and acts on that. A gateway
   * that cannot be reached is a {@code DomainException.Unavailable}, so the webhook is answered
   * with an error and sent again later.
   */
  public Outcome handle(String paymentKey) {
    return handle(paymentKey, null);
  }

  /**
   * As {@link #handle(String)}; when the event names no payment key, the payment is looked up by
   * the order id it names instead (still only ever acting on the gateway's own answer).
   */
  public Outcome handle(String paymentKey, String orderId) {
    boolean byKey =
        paymentKey != null
            && !paymentKey.isBlank()
            && paymentKey.length() <= ConfirmPayment.MAX_KEY_LENGTH;
    boolean byOrder = orderId != null && orderId.matches("[A-Za-z0-9_-]{6,64}");
    if (!byKey && !byOrder) {
      return Outcome.UNKNOWN;
    }
    Optional<GatewayPayment> seen;
    try {
      seen = byKey ? ledger.gateway.lookUp(paymentKey) : ledger.gateway.lookUpByOrderId(orderId);
    } catch (GatewayException.Unavailable e) {
      throw new DomainException.Unavailable(
          "payment_gateway_unavailable", "the payment service cannot be reached");
    } catch (GatewayException.Declined e) {
      return Outcome.UNKNOWN;
    }
    return seen.map(this::apply).orElse(Outcome.UNKNOWN);
  }

  /** Acts on what the gateway said about a payment (from a look-up OrderSync made itself). */
  Outcome apply(GatewayPayment g) {
    UUID orderId;
    try {
      orderId = UUID.fromString(g.orderId());
    } catch (IllegalArgumentException | NullPointerException e) {
      return Outcome.UNKNOWN;
    }
    if (!g.status().approved()) {
      return Outcome.NOT_APPROVED;
    }
    return ledger.inUnitOfWork(
        () -> {
          Optional<Order> order = ledger.changes.lock(orderId);
          if (order.isEmpty()) {
            return Outcome.UNKNOWN;
          }
          Payment current = ledger.payments.byOrderId(orderId).orElse(null);
          if (current != null
              && current.status().paid()
              && !current.paymentKey().equals(g.paymentKey())) {
            return Outcome.UNKNOWN;
          }
          return ledger.approved(order.get(), current, g) == null
              ? Outcome.UNKNOWN
              : Outcome.RECORDED;
        });
  }
}
