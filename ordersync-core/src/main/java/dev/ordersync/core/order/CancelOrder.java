package dev.ordersync.core.order;

import dev.ordersync.core.user.Caller;
import java.util.Objects;
import java.util.UUID;

/**
 * An order is called off and its stock given back. A customer may cancel their own order while it
 * is still PLACED; the restaurant may cancel an order it accepted, with a reason, until it is
 * completed.
 */
public final class CancelOrder {
  private final OrderAccess access;
  private final OrderChanges changes;

  public CancelOrder(OrderAccess access, OrderChanges changes) {
    this.access = access;
    this.changes = changes;
  }

  /** Who cancels. */
  public enum By {
    CUSTOMER,
    RESTAURANT
  }

  /**
   * {@code reason} is required when the restaurant cancels (at most 500 characters, kept stripped;
   * a blank one is none); {@code expectedVersion} may be null.
   */
  public record Command(UUID orderId, By by, String reason, Long expectedVersion) {
    public Command {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(by, "by");
      reason = OrderChanges.reason(reason, by == By.RESTAURANT);
    }
  }

  /**
   * Refuses a caller who may not cancel this order, exactly as {@link #handle} would (401, 403, or
   * 404 for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller, UUID orderId, By by) {
    changes.checkFirst(
        () -> {
          switch (by) {
            case CUSTOMER -> access.ownOrder(caller, orderId);
            case RESTAURANT -> access.checkRestaurantOrder(caller, orderId);
          }
        });
  }

  public Order handle(Caller caller, Command command) {
    return changes.inUnitOfWork(
        () ->
            switch (command.by()) {
              case CUSTOMER ->
                  changes.apply(
                      access.ownOrder(caller, command.orderId()),
                      command.expectedVersion(),
                      (o, at) -> o.cancelByCustomer(command.reason(), at));
              case RESTAURANT ->
                  changes.apply(
                      access.restaurantOrder(caller, command.orderId()),
                      command.expectedVersion(),
                      (o, at) -> o.cancelByRestaurant(command.reason(), at));
            });
  }
}
