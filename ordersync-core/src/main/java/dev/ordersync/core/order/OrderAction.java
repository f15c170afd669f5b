package dev.ordersync.core.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The order's state machine as one table: each action, the statuses it may start from, and the
 * status it leads to. Nothing else in OrderSync decides what may follow what.
 *
 * <pre>
 * AWAITING_PAYMENT -> PLACED -> ACCEPTED -> PREPARING -> READY -> COMPLETED
 * PLACED -> REJECTED                    (restaurant)
 * PLACED -> CANCELED                    (customer)
 * ACCEPTED | PREPARING | READY -> CANCELED   (restaurant)
 * AWAITING_PAYMENT -> EXPIRED           (payment never came)
 * </pre>
 */
public enum OrderAction {
  PAY(OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT),
  ACCEPT(OrderStatus.ACCEPTED, OrderStatus.PLACED),
  REJECT(OrderStatus.REJECTED, OrderStatus.PLACED),
  START(OrderStatus.PREPARING, OrderStatus.ACCEPTED),
  MARK_READY(OrderStatus.READY, OrderStatus.PREPARING),
  COMPLETE(OrderStatus.COMPLETED, OrderStatus.READY),
  CANCEL_BY_CUSTOMER(OrderStatus.CANCELED, OrderStatus.PLACED),
  CANCEL_BY_RESTAURANT(
      OrderStatus.CANCELED, OrderStatus.ACCEPTED, OrderStatus.PREPARING, OrderStatus.READY),
  EXPIRE(OrderStatus.EXPIRED, OrderStatus.AWAITING_PAYMENT);

  private final OrderStatus target;
  private final Set<OrderStatus> from;

  OrderAction(OrderStatus target, OrderStatus first, OrderStatus... rest) {
    this.target = target;
    this.from = EnumSet.of(first, rest);
  }

  public OrderStatus target() {
    return target;
  }

  public boolean allowedFrom(OrderStatus status) {
    return from.contains(status);
  }

  public Set<OrderStatus> from() {
    return EnumSet.copyOf(from);
  }
}
