package dev.ordersync.server.ws;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.OrderView;
import io.helidon.websocket.WsSession;
import java.util.List;
import java.util.UUID;

/**
 * {@code /ws/restaurants/me/orders}: the live feed of the restaurant the caller acts for, for its
 * owner and staff. Starts with a snapshot of its open orders (or, on resume, the feed positions
 * missed), then every change to any of its orders.
 */
final class RestaurantFeedListener extends AuthenticatingListener {
  private final Authenticator auth;
  private final Feeds feeds;
  private final EventReads reads;

  record FeedSnapshot(String type, long feedSeq, List<OrderView> orders) {}

  RestaurantFeedListener(
      Authenticator auth, Feeds feeds, LiveHub hub, ConnectGuard connects, EventReads reads) {
    super(hub, connects);
    this.reads = reads;
    this.auth = auth;
    this.feeds = feeds;
  }

  @Override
  void follow(WsSession session, String token) {
    Authenticator.Authenticated who = auth.callerOfToken(token);
    Caller caller = who.caller();
    UUID restaurantId = feeds.restaurantOf(caller);
    Resume resume = resume();
    FeedFollower s = new FeedFollower(session, hub, restaurantId);
    s.recheckWith(
        () -> {
          if (!auth.stillActive(who)) {
            return CloseCodes.UNAUTHENTICATED;
          }
          return CloseCodes.ofAccess(
              () -> {
                if (!feeds.restaurantOf(caller).equals(restaurantId)) {
                  throw new DomainException.Forbidden("the session acts for another restaurant");
                }
              });
        });
    var context = context();
    s.recordReadsWith(
        (e, message) ->
            context.call(
                () ->
                    EventReads.withCustomer(
                        message, reads.read(caller, "restaurant_feed_event", e.orderId()))));
    attach(s);
    Feeds.Snapshot snapshot = feeds.snapshot(caller);
    long now = snapshot.position();
    Resume.startFrom(
        resume,
        s,
        now,
        e -> e.restaurantId().equals(restaurantId) ? e.feedPosition() : null,
        () ->
            Json.text(
                new FeedSnapshot(
                    "snapshot",
                    now,
                    snapshot.orders().stream().map(OrderView::forHandler).toList())));
  }
}
