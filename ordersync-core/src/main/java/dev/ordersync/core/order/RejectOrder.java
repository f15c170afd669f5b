package dev.ordersync.core.order;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.UUID;

/** The restaurant turns down a placed order, saying why; its stock is given back. */
public final class RejectOrder {
  private final OrderAccess access;
  private final OrderChanges changes;

  public RejectOrder(
      Orders orders,
      Menus menus,
      OrderEvents events,
      StaffAccess staff,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.access = new OrderAccess(orders, staff);
    this.changes = new OrderChanges(orders, menus, events, unitOfWork, clock);
  }

  /**
   * {@code expectedVersion} may be null; when given, a stale version is a {@code version_conflict}.
   */
  public record Command(UUID orderId, String reason, Long expectedVersion) {}

  public Order handle(Caller caller, Command command) {
    String reason = OrderChanges.reason(command.reason(), true);
    return changes.inUnitOfWork(
        () ->
            changes.apply(
                access.restaurantOrder(caller, command.orderId()),
                command.expectedVersion(),
                (order, at) -> order.reject(reason, at)));
  }
}
