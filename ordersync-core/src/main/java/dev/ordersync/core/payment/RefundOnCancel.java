package dev.ordersync.core.payment;

import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An order that will not be made gives its money back: canceling (by the customer or the
 * restaurant) or rejecting a paid order refunds what is left of its payment, in the same unit of
 * work as the cancel. If the gateway cannot be reached, neither happens and the request can be
 * repeated; the gateway key ({@code cancel-<order id>}) is the same every time, so a repeat never
 * refunds twice.
 */
public final class RefundOnCancel {
  private final Ledger ledger;
  private final CancelOrder cancel;
  private final RejectOrder reject;

  public RefundOnCancel(Ledger ledger, CancelOrder cancel, RejectOrder reject) {
    this.ledger = ledger;
    this.cancel = cancel;
    this.reject = reject;
  }

  /** {@link CancelOrder#authorize}. */
  public void authorizeCancel(Caller caller, UUID orderId, CancelOrder.By by) {
    cancel.authorize(caller, orderId, by);
  }

  /** {@link RejectOrder#authorize}. */
  public void authorizeReject(Caller caller, UUID orderId) {
    reject.authorize(caller, orderId);
  }

  public Order cancel(Caller caller, CancelOrder.Command command) {
    return refunding(command.orderId(), () -> cancel.handle(caller, command));
  }

  public Order reject(Caller caller, RejectOrder.Command command) {
    return refunding(command.orderId(), () -> reject.handle(caller, command));
  }

  private Order refunding(java.util.UUID orderId, Supplier<Order> change) {
    return ledger.inUnitOfWork(
        () -> {
          ledger.changes.lock(orderId);
          Order changed = change.get();
          Optional<Payment> payment =
              ledger.payments.byOrderId(orderId).filter(p -> p.status().paid());
          if (payment.isPresent() && payment.get().balance().amount() > 0) {
            String reason = changed.reason() == null ? "order canceled" : changed.reason();
            try {
              ledger.refund(changed, payment.get(), null, reason, "cancel-" + orderId, true);
            } catch (GatewayException.Unavailable e) {
              throw new DomainException.Unavailable(
                  "payment_gateway_unavailable",
                  "the refund could not be made now, so the order was not canceled; try again");
            } catch (GatewayException.Declined e) {
              throw new DomainException.RuleViolated(
                  "refund_declined",
                  "the payment service refused the refund, so the order was not canceled: "
                      + e.getMessage());
            }
            // The refund is a change of the order too (its version went up).
            return ledger.changes.current(orderId).orElse(changed);
          }
          return changed;
        });
  }
}
