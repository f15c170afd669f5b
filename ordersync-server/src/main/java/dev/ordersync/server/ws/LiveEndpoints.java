package dev.ordersync.server.ws;

import dev.ordersync.core.order.GetOrder;
import dev.ordersync.server.edge.Authenticator;
import io.helidon.webserver.websocket.WsRouting;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The live endpoints, one {@link io.helidon.websocket.WsListener} each. A connection authenticates
 * (header, query parameter or first message), subscribes, and only then reads: a snapshot, or on
 * resume the events it missed; what the bus brought meanwhile waits in its inbox and is sent after,
 * without duplicates (positions are checked) and without gaps (a jump is repaired from the event
 * log).
 */
public final class LiveEndpoints {
  public static final String ORDER_PATH = "/ws/orders/{id}/status";
  public static final String FEED_PATH = "/ws/restaurants/me/orders";
  public static final String MENU_PATH = "/ws/restaurants/{id}/menu";

  private final Authenticator auth;
  private final GetOrder getOrder;
  private final Predicate<UUID> orderExists;
  private final ConnectGuard connects;
  private final Feeds feeds;
  private final LiveHub hub;
  private final EventReads reads;
  private Predicate<UUID> restaurantExists = id -> false;

  /**
   * @param orderExists whether an order of that id exists at all, whoever's it is: a valid
   *     credential that does not cover an existing order is refused with 4403, an order that does
   *     not exist with 4404 (API.md). Order ids are random UUIDs, so this tells a caller nothing
   *     about an order whose id it could not already name, and never anything of its content.
   */
  public LiveEndpoints(
      Authenticator auth,
      GetOrder getOrder,
      Predicate<UUID> orderExists,
      Feeds feeds,
      LiveHub hub,
      ConnectGuard connects,
      EventReads reads) {
    this.reads = reads;
    this.auth = auth;
    this.connects = connects;
    this.getOrder = getOrder;
    this.orderExists = orderExists;
    this.feeds = feeds;
    this.hub = hub;
  }

  /**
   * Serves the public live menu too, for restaurants for which {@code restaurantExists} holds
   * (others are closed with 4404).
   */
  public LiveEndpoints withMenus(Predicate<UUID> restaurantExists) {
    this.restaurantExists = restaurantExists;
    return this;
  }

  public void routing(WsRouting.Builder ws) {
    ws.endpoint(
            ORDER_PATH,
            () -> new OrderStatusListener(auth, getOrder, orderExists, hub, connects, reads))
        .endpoint(FEED_PATH, () -> new RestaurantFeedListener(auth, feeds, hub, connects, reads))
        .endpoint(MENU_PATH, () -> new MenuListener(hub, connects, restaurantExists));
  }
}
