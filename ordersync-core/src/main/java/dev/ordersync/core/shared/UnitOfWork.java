package dev.ordersync.core.shared;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs work atomically: everything the work writes through the ports commits together, or nothing
 * does.
 *
 * <p>A call made while a unit of work is already open joins it. Adapters may also run several
 * callers' units of work in one transaction (group commit), each isolated so that one failing unit
 * never undoes another; use cases do not know.
 */
public interface UnitOfWork {
  <T> T run(Supplier<T> work);

  /**
   * Runs work that writes the rows of one restaurant, such as placing an order. An implementation
   * may run it in one transaction with other work for the same restaurant (group commit), still
   * atomically on its own and answered only once that transaction has committed; by default it is
   * {@link #run}.
   */
  default <T> T runFor(UUID restaurantId, Supplier<T> work) {
    return run(work);
  }

  /** Runs work directly, for in-memory ports where every write is already atomic. */
  static UnitOfWork direct() {
    return Supplier::get;
  }
}
