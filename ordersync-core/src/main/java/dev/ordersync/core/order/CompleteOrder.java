package dev.ordersync.core.order;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.UUID;

/** The customer has the order: it is done. */
public final class CompleteOrder {
  private final OrderAccess access;
  private final OrderChanges changes;

  public CompleteOrder(
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
  public record Command(UUID orderId, Long expectedVersion) {}

  public Order handle(Caller caller, Command command) {

    return changes.inUnitOfWork(
        () ->
            changes.apply(
                access.restaurantOrder(caller, command.orderId()),
                command.expectedVersion(),
                (order, at) -> order.complete(at)));
  }
}
