package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/** Reads one order, for its customer, its restaurant's staff, or an admin. */
public final class GetOrder {
  private final OrderAccess access;
  private final UnitOfWork unitOfWork;

  public GetOrder(Orders orders, StaffAccess staff, UnitOfWork unitOfWork) {
    this.access = new OrderAccess(orders, staff);
    this.unitOfWork = unitOfWork;
  }

  public Order handle(Caller caller, UUID orderId) {
    return unitOfWork.run(() -> access.readable(caller, orderId));
  }
}
