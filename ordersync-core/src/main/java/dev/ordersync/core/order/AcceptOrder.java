package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.user.Caller;
import java.util.Objects;
import java.util.UUID;

/**
 * The restaurant accepts a placed order and says how long it will take (its usual preparation time
 * if not given).
 */
public final class AcceptOrder {
  private final Restaurants restaurants;
  private final OrderAccess access;
  private final OrderChanges changes;

  public AcceptOrder(Restaurants restaurants, OrderAccess access, OrderChanges changes) {
    this.restaurants = restaurants;
    this.access = access;
    this.changes = changes;
  }

  /**
   * {@code prepMinutes} null is the restaurant's usual preparation time; {@code expectedVersion}
   * null accepts whatever version the order is at.
   */
  public record Command(UUID orderId, Integer prepMinutes, Long expectedVersion) {
    public Command {
      Objects.requireNonNull(orderId, "orderId");
    }
  }

  /**
   * Refuses a caller who may not accept this order, exactly as {@link #handle} would (401, 403, or
   * 404 for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller, UUID orderId) {
    changes.checkFirst(() -> access.checkRestaurantOrder(caller, orderId));
  }

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
