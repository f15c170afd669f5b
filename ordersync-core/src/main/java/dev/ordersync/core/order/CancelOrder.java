package dev.ordersync.core.order;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.UUID;

/**
 * An order is called off and its stock given back. A customer may cancel their own order while it
 * is still PLACED; the restaurant may cancel an order it accepted, with a reason, until it is
 * completed.
 */
public final class CancelOrder {
  private final OrderAccess access;
  private final OrderChanges changes;

  public CancelOrder(
      Orders orders,
      Menus menus,
      OrderEvents events,
      StaffAccess staff,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.access = new OrderAccess(orders, staff);
    this.changes = new OrderChanges(orders, menus, events, unitOfWork, clock);
  }

  /** Who cancels. */
  public enum By {
    CUSTOMER,
    RESTAURANT
  }

  /**
   * {@code reason} is required when the restaurant cancels; {@code expectedVersion} may be null.
   */
  public record Command(UUID orderId, By by, String reason, Long expectedVersion) {}

  public Order handle(Caller caller, Command command) {
    String reason = OrderChanges.reason(command.reason(), command.by() == By.RESTAURANT);
    return changes.inUnitOfWork(
        () ->
            switch (command.by()) {
              case CUSTOMER ->
                  changes.apply(
                      access.ownOrder(caller, command.orderId()),
                      command.expectedVersion(),
                      (o, at) -> o.cancelByCustomer(reason, at));
              case RESTAURANT ->
                  changes.apply(
                      access.restaurantOrder(caller, command.orderId()),
                      command.expectedVersion(),
                      (o, at) -> o.cancelByRestaurant(reason, at));
            });
  }
}
