package dev.ordersync.server;

import dev.ordersync.core.order.Customer;
import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.Page;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.EventView;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.live.EventLog;
import dev.ordersync.server.live.RedisEventBus;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresOrderEvents;
import dev.ordersync.server.ws.ConnectGuard;
import dev.ordersync.server.ws.EventReads;
import dev.ordersync.server.ws.Feeds;
import dev.ordersync.server.ws.LiveEndpoints;
import dev.ordersync.server.ws.LiveHub;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Live events: the outbox every order change is written to, the bus that carries committed events
 * to every instance, the hub that pushes them to this instance's sockets, and the socket endpoints.
 */
record LiveWiring(EventBus bus, PostgresOrderEvents outbox, LiveHub hub) implements AutoCloseable {
  /**
   * The orders a restaurant's feed starts with: those still to be handled. Orders awaiting online
   * payment are not among them: the kitchen hears of such an order only once it is paid (its
   * earlier events take no feed position).
   */
  static final Set<OrderStatus> OPEN =
      EnumSet.of(
          OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.PREPARING, OrderStatus.READY);

  /**
   * The bus, the outbox and the hub listening to the bus; what it opens is added to {@code opened}.
   */
  static LiveWiring wire(Infrastructure infra, OpenedResources opened) {
    ServerConfig config = infra.config();
    EventBus bus = opened.add(bus(config, infra.tracing()));
    var outbox =
        new PostgresOrderEvents(
            infra.tx(), LiveWiring::eventType, LiveWiring::eventJson, bus, infra.tracing());
    LiveHub hub =
        opened.add(
            new LiveHub(
                outbox,
                config.wsQueueLimit(),
                config.wsPingInterval(),
                Duration.ofSeconds(5),
                Math.max(1, config.dbPoolSize() / 8),
                config.wsRecheckInterval(),
                Math.max(1, config.dbPoolSize() / 4),
                infra.tracing()));
    bus.subscribe(hub);
    return new LiveWiring(bus, outbox, hub);
  }

  /** The order and restaurant sockets, on the orders feature's reads. */
  LiveEndpoints endpoints(
      Infrastructure infra,
      Adapters adapters,
      Credentials credentials,
      OrdersWiring orders,
      ConnectGuard connects) {
    var tx = infra.tx();
    return new LiveEndpoints(
            credentials.auth(),
            orders.getOrder(),
            new ExistingOrders(tx, adapters.orders()),
            new OpenOrderFeeds(tx, adapters.staff(), outbox, orders.listOrders()),
            hub,
            connects,
            eventReads(tx, adapters.orders(), adapters.personalDataReads()))
        .withMenus(id -> tx.run(() -> adapters.restaurants().byId(id).isPresent()));
  }

  /**
   * A handler's socket is sent each event's order with its customer's name, masked phone and note,
   * read from the order as it is now and recorded as read in the same transaction (decision 27). An
   * order without any of them (none given, or erased) shows nothing and records nothing.
   */
  private static EventReads eventReads(
      JdbcTransactions tx, Orders orders, PersonalDataAccessLog log) {
    return (reader, view, orderId) ->
        tx.run(
            () -> {
              Order order = orders.byId(orderId).orElse(null);
              if (order == null) {
                return null;
              }
              Customer c = order.customer();
              List<String> fields = new ArrayList<>();
              if (c.name() != null) {
                fields.add(PersonalDataAccess.CUSTOMER_NAME);
              }
              if (c.phone() != null) {
                fields.add(PersonalDataAccess.CUSTOMER_PHONE_MASKED);
              }
              if (!fields.isEmpty()) {
                PersonalDataAccess.handler(reader, c.userId())
                    .ifPresent(
                        s -> {
                          List<String> subjects = new ArrayList<>();
                          subjects.add(PersonalDataAccess.order(orderId));
                          if (c.userId() != null) {
                            subjects.add(PersonalDataAccess.user(c.userId()));
                          }
                          log.record(PersonalDataAccess.by(s, view, subjects, fields));
                        });
              }
              return new EventReads.Shown(
                  c.name(), c.phone() == null ? null : c.phone().masked(), order.note());
            });
  }

  /** Sockets first, so their clients hear 1001 and resume elsewhere; then the bus. */
  @Override
  public void close() {
    hub.close();
    bus.close();
  }

  /**
   * In-process for one instance; Redis pub/sub between instances when ORDERSYNC_REDIS_URL is set.
   */
  static EventBus bus(ServerConfig config, dev.ordersync.server.observe.Tracing tracing) {
    if (config.redisUrl() == null) {
      return EventBus.inProcess();
    }
    try {
      return new RedisEventBus(
          URI.create(config.redisUrl()), config.redisKeyPrefix() + "order-events", tracing);
    } catch (IllegalArgumentException e) {
      throw new StartupException("ORDERSYNC_REDIS_URL is not a redis:// URL");
    }
  }

  /** The event's type as sockets see it, stored beside it in the outbox. */
  private static String eventType(Order order, OrderEvent event) {
    return EventView.type(event);
  }

  /** The event as sockets receive it. */
  private static String eventJson(Order order, OrderEvent event) {
    return Json.text(EventView.of(order, event));
  }

  /**
   * Whether an order exists at all, whoever's it is: a socket whose credential does not cover an
   * existing order is refused with 4403, one for an order that does not exist with 4404.
   */
  private record ExistingOrders(JdbcTransactions tx, Orders orders) implements Predicate<UUID> {
    @Override
    public boolean test(UUID id) {
      return tx.run(() -> orders.byId(id).isPresent());
    }
  }

  /**
   * A restaurant's feed: its staff may follow it, and it starts from the open orders and the feed
   * position they reflect, read in one repeatable-read snapshot so no event falls between the two.
   */
  private record OpenOrderFeeds(
      JdbcTransactions tx, StaffAccess staff, EventLog log, ListRestaurantOrders list)
      implements Feeds {
    @Override
    public UUID restaurantOf(Caller caller) {
      return tx.run(() -> staff.requireStaff(caller));
    }

    @Override
    public Snapshot snapshot(Caller caller) {
      return tx.runRepeatableRead(
          () -> {
            UUID restaurantId = staff.requireStaff(caller);
            long position = log.feedPositions(List.of(restaurantId)).getOrDefault(restaurantId, 0L);
            return new Snapshot(restaurantId, position, openOrders(caller));
          });
    }

    private List<Order> openOrders(Caller caller) {
      List<Order> open = new ArrayList<>();
      String cursor = null;
      do {
        Page<Order> page =
            list.handle(
                caller,
                new ListRestaurantOrders.Query(
                    OPEN, null, null, cursor, ListRestaurantOrders.MAX_LIMIT),
                "restaurant_feed_snapshot");
        open.addAll(page.items());
        cursor = page.nextCursor();
      } while (cursor != null);
      return open;
    }
  }
}
