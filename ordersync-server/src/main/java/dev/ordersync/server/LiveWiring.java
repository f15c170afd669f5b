package dev.ordersync.server;

import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.Page;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.live.EventLog;
import dev.ordersync.server.live.RedisEventBus;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.ws.Feeds;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The live side of the wiring: which event bus, and the restaurant feed's snapshot. */
final class LiveWiring {
  /**
   * The orders a restaurant's feed starts with: those still to be handled. Orders awaiting online
   * payment are not among them: the kitchen hears of such an order only once it is paid (its
   * earlier events take no feed position).
   */
  static final Set<OrderStatus> OPEN =
      EnumSet.of(
          OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.PREPARING, OrderStatus.READY);

  private LiveWiring() {}

  /**
   * In-process for one instance; Redis pub/sub between instances when ORDERSYNC_REDIS_URL is set.
   */
  static EventBus bus(ServerConfig config) {
    if (config.redisUrl() == null) {
      return EventBus.inProcess();
    }
    try {
      return new RedisEventBus(
          java.net.URI.create(config.redisUrl()), config.redisKeyPrefix() + "order-events");
    } catch (IllegalArgumentException e) {
      throw new StartupException("ORDERSYNC_REDIS_URL is not a redis:// URL");
    }
  }

  static Feeds feeds(
      JdbcTransactions tx, StaffAccess staff, EventLog log, ListRestaurantOrders list) {
    return new Feeds() {
      @Override
      public UUID restaurantOf(Caller caller) {
        return tx.run(() -> staff.requireStaff(caller));
      }

      @Override
      public Snapshot snapshot(Caller caller) {
        return tx.runRepeatableRead(
            () -> {
              UUID restaurantId = staff.requireStaff(caller);
              long position =
                  log.feedPositions(List.of(restaurantId)).getOrDefault(restaurantId, 0L);
              List<Order> open = new ArrayList<>();
              String cursor = null;
              do {
                Page<Order> page =
                    list.handle(
                        caller,
                        new ListRestaurantOrders.Query(
                            OPEN, null, null, cursor, ListRestaurantOrders.MAX_LIMIT));
                open.addAll(page.items());
                cursor = page.nextCursor();
              } while (cursor != null);
              return new Snapshot(restaurantId, position, open);
            });
      }
    };
  }
}
