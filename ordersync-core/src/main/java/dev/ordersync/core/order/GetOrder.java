package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/** Reads one order, for its customer, its restaurant's staff, or an admin. */
public final class GetOrder {
  private final OrderAccess access;

  public GetOrder(Orders orders, StaffAccess staff) {
    this.access = new OrderAccess(orders, staff);
  }

  public Order handle(Caller caller, UUID orderId) {
    return access.readable(caller, orderId);
  }
}
