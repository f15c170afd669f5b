package dev.ordersync.core.order;

import dev.ordersync.core.user.Caller;
import java.util.Objects;
import java.util.UUID;

/** The restaurant turns down a placed order, saying why; its stock is given back. */
public final class RejectOrder {
  private final OrderAccess access;
  private final OrderChanges changes;

  public RejectOrder(OrderAccess access, OrderChanges changes) {
    this.access = access;
    this.changes = changes;
  }

  /**
   * {@code reason} is required (at most 500 characters, kept stripped); {@code expectedVersion} may
   * be null, and when given a stale version is a {@code version_conflict}.
   */
  public record Command(UUID orderId, String reason, Long expectedVersion) {
    public Command {
      Objects.requireNonNull(orderId, "orderId");
      reason = OrderChanges.reason(reason, true);
    }
  }

  /**
   * Refuses a caller who may not reject this order, exactly as {@link #handle} would (401, 403, or
   * 404 for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller, UUID orderId) {
    changes.checkFirst(() -> access.checkRestaurantOrder(caller, orderId));
  }

  public Order handle(Caller caller, Command command) {
    return changes.inUnitOfWork(
        () ->
            changes.apply(
                access.restaurantOrder(caller, command.orderId()),
                command.expectedVersion(),
                (order, at) -> order.reject(command.reason(), at)));
  }
}
