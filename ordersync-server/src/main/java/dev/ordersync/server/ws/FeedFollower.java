package dev.ordersync.server.ws;

import dev.ordersync.server.live.LiveEvent;
import io.helidon.websocket.WsSession;
import java.util.List;
import java.util.UUID;

/**
 * A socket following a restaurant's feed. Its position is the feed position, which has no gaps and
 * commits in order per restaurant (decision 0011), so an event beyond the next position means some
 * were missed: they are read from the event log before it is sent.
 */
final class FeedFollower extends LiveSocket {
  private static final int PAGE = 200;

  private final UUID restaurantId;
  private volatile long last;

  FeedFollower(WsSession session, LiveHub hub, UUID restaurantId) {
    super(session, hub);
    this.restaurantId = restaurantId;
  }

  @Override
  void startAt(long position) {
    last = position;
  }

  @Override
  UUID order() {
    return null;
  }

  @Override
  UUID restaurant() {
    return restaurantId;
  }

  @Override
  long position() {
    return last;
  }

  @Override
  void onEvent(LiveEvent event) {
    if (event.feedPosition() <= last) {
      return;
    }
    if (event.feedPosition() > last + 1) {
      catchUp();
      if (event.feedPosition() <= last) {
        return;
      }
    }
    deliver(event, event.feedMessage());
    last = event.feedPosition();
  }

  @Override
  void catchUp() {
    while (true) {
      List<LiveEvent> page = hub.read(() -> hub.log().ofRestaurant(restaurantId, last, PAGE));
      for (LiveEvent e : page) {
        deliver(e, e.feedMessage());
        last = e.feedPosition();
      }
      if (page.size() < PAGE || closed()) {
        return;
      }
    }
  }
}
