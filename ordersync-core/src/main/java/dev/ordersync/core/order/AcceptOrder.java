package dev.ordersync.core.order;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.UUID;

/**
 * The restaurant accepts a placed order and says how long it will take (its usual preparation time
 * if not given).
 */
public final class AcceptOrder {
  private final Restaurants restaurants;
  private final OrderAccess access;
  private final OrderChanges changes;

  public AcceptOrder(
      Restaurants restaurants,
      Orders orders,
      Menus menus,
      OrderEvents events,
      StaffAccess staff,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.restaurants = restaurants;
    this.access = new OrderAccess(orders, staff);
    this.changes = new OrderChanges(orders, menus, events, unitOfWork, clock);
  }

  /** {@code prepMinutes} and {@code expectedVersion} may be null. */
  public record Command(UUID orderId, Integer prepMinutes, Long expectedVersion) {}

  public Order handle(Caller caller, Command command) {
    return changes.inUnitOfWork(
        () -> {
          Order order = access.restaurantOrder(caller, command.orderId());
          int prep =
              command.prepMinutes() != null
                  ? command.prepMinutes()
                  : restaurants
                      .byId(order.restaurantId())
                      .map(Restaurant::prepMinutes)
                      .orElse(Restaurant.DEFAULT_PREP_MINUTES);
          return changes.apply(order, command.expectedVersion(), (o, at) -> o.accept(prep, at));
        });
  }
}
