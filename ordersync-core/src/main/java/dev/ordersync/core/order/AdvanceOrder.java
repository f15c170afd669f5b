package dev.ordersync.core.order;

import dev.ordersync.core.user.Caller;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The kitchen moves an accepted order along, one step at a time: it starts preparing it, marks it
 * ready to be served or picked up, and completes it once the customer has it.
 */
public final class AdvanceOrder {
  private final OrderAccess access;
  private final OrderChanges changes;

  public AdvanceOrder(OrderAccess access, OrderChanges changes) {
    this.access = access;
    this.changes = changes;
  }

  /** The steps of the kitchen, each allowed from the status the one before it leads to. */
  public enum Step {
    /** ACCEPTED to PREPARING. */
    START(Order::start),
    /** PREPARING to READY. */
    MARK_READY(Order::markReady),
    /** READY to COMPLETED. */
    COMPLETE(Order::complete);

    private final BiFunction<Order, Instant, Order.Change> move;

    Step(BiFunction<Order, Instant, Order.Change> move) {
      this.move = move;
    }
  }

  /**
   * {@code expectedVersion} may be null; when given, a stale version is a {@code version_conflict}.
   */
  public record Command(UUID orderId, Step step, Long expectedVersion) {
    public Command {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(step, "step");
    }
  }

  /**
   * Refuses a caller who may not move this order along, exactly as {@link #handle} would (401, 403,
   * or 404 for what is not theirs), before the request's input is read or validated; raises no
   * tenant wall.
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
                command.step().move));
  }
}
