package dev.ordersync.server.ws;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.user.Caller;
import java.util.List;
import java.util.UUID;

/**
 * What the restaurant feed needs from the application: who may follow which feed, and a consistent
 * snapshot of it.
 */
public interface Feeds {
  /**
   * The restaurant whose feed the caller may follow (OWNER or STAFF); throws the use cases'
   * refusals otherwise.
   */
  UUID restaurantOf(Caller caller);

  /** The restaurant's open orders and its feed position, read in one snapshot of the database. */
  Snapshot snapshot(Caller caller);

  /**
   * @param position the feed position the orders reflect: every event up to it, none after
   */
  record Snapshot(UUID restaurantId, long position, List<Order> orders) {}
}
