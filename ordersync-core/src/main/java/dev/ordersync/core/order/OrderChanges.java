package dev.ordersync.core.order;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Applies one change to a stored order: checks the caller's expected version, stores the new state
 * and its event, and gives stock back when the order will not be made. Shared by every use case
 * that moves an order along (payments too); built once where the use cases are wired.
 */
public final class OrderChanges {
  private final Orders orders;
  private final Menus menus;
  private final OrderEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public OrderChanges(
      Orders orders, Menus menus, OrderEvents events, UnitOfWork unitOfWork, Clock clock) {
    this.orders = orders;
    this.menus = menus;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /** Runs {@code work} as one unit of work: what it changes is kept together or not at all. */
  public <T> T inUnitOfWork(Supplier<T> work) {
    return unitOfWork.run(work);
  }

  /**
   * Runs an access check in a unit of work of its own: how a use case refuses a caller before the
   * request's input is read or validated.
   */
  public void checkFirst(Runnable check) {
    unitOfWork.run(
        () -> {
          check.run();
          return null;
        });
  }

  /**
   * The order, locked against every other change until the unit of work ends, so that changes of
   * one order (a payment confirmation, a webhook, a refund) run one after the other.
   */
  public Optional<Order> lock(UUID orderId) {
    return orders.byIdForUpdate(orderId);
  }

  /** The order as it is stored now. */
  public Optional<Order> current(UUID orderId) {
    return orders.byId(orderId);
  }

  public Order apply(
      Order current, Long expectedVersion, BiFunction<Order, Instant, Order.Change> change) {
    if (expectedVersion != null && expectedVersion != current.version()) {
      throw new DomainException.Conflict(
          "version_conflict",
          "the order was changed meanwhile (now version " + current.version() + ")");
    }
    Order.Change changed = change.apply(current, clock.instant());
    orders.update(changed.order());
    events.append(changed.order(), changed.event());
    if (current.holdsStock() && !changed.order().holdsStock()) {
      changed
          .order()
          .lines()
          .forEach(
              line ->
                  menus.releaseStock(
                      changed.order().restaurantId(), line.menuItemId(), line.quantity()));
    }
    return changed.order();
  }

  static String reason(String reason, boolean required) {
    String r = reason == null ? null : reason.strip();
    if (r == null || r.isEmpty()) {
      if (required) {
        throw new DomainException.Invalid("reason", "is required");
      }
      return null;
    }
    if (r.length() > 500) {
      throw new DomainException.Invalid("reason", "must have at most 500 characters");
    }
    return r;
  }
}
