package dev.ordersync.core.payment;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An order that will not be made gives its money back: canceling (by the customer or the
 * restaurant) or rejecting a paid order refunds what is left of its payment, in the same unit of
 * work as the cancel. If the gateway cannot be reached, neither happens and the request can be
 * repeated; the gateway key ({@code cancel-<order id>}) is the same every time, so a repeat never
 * refunds twice.
 */
public final class RefundOnCancel {
  private final CancelOrder cancel;
  private final RejectOrder reject;
  private final Orders orders;
  private final Ledger ledger;
  private final UnitOfWork unitOfWork;

  public RefundOnCancel(
      CancelOrder cancel,
      RejectOrder reject,
      Orders orders,
      Menus menus,
      OrderEvents orderEvents,
      Payments payments,
      PaymentEvents events,
      PaymentGateway gateway,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.cancel = cancel;
    this.reject = reject;
    this.orders = orders;
    this.ledger =
        new Ledger(
            payments,
            events,
            gateway,
            new OrderChanges(orders, menus, orderEvents, unitOfWork, clock),
            clock);
    this.unitOfWork = unitOfWork;
  }

  public Order cancel(Caller caller, CancelOrder.Command command) {
    return refunding(command.orderId(), () -> cancel.handle(caller, command));
  }

  public Order reject(Caller caller, RejectOrder.Command command) {
    return refunding(command.orderId(), () -> reject.handle(caller, command));
  }

  private Order refunding(java.util.UUID orderId, Supplier<Order> change) {
    return unitOfWork.run(
        () -> {
          orders.byIdForUpdate(orderId);
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
            return orders.byId(orderId).orElse(changed);
          }
          return changed;
        });
  }
}
