package dev.ordersync.server.ws;

import dev.ordersync.server.live.LiveEvent;
import io.helidon.websocket.WsSession;
import java.util.List;
import java.util.UUID;

/**
 * A socket following one order. Its position is the order's version, which has no gaps and commits
 * in order, so an event beyond the next version means some were missed: they are read from the
 * event log before it is sent.
 */
final class OrderFollower extends LiveSocket {
  private static final int PAGE = 100;

  private final UUID orderId;
  private volatile long last;

  OrderFollower(WsSession session, LiveHub hub, UUID orderId) {
    super(session, hub);
    this.orderId = orderId;
  }

  @Override
  void startAt(long version) {
    last = version;
  }

  @Override
  UUID order() {
    return orderId;
  }

  @Override
  UUID restaurant() {
    return null;
  }

  @Override
  long position() {
    return last;
  }

  @Override
  void onEvent(LiveEvent event) {
    if (event.version() <= last) {
      return;
    }
    if (event.version() > last + 1) {
      catchUp();
      if (event.version() <= last) {
        return;
      }
    }
    deliver(event, event.orderMessage());
    last = event.version();
  }

  @Override
  void catchUp() {
    while (true) {
      List<LiveEvent> page = hub.read(() -> hub.log().ofOrder(orderId, last, PAGE));
      for (LiveEvent e : page) {
        deliver(e, e.orderMessage());
        last = e.version();
      }
      if (page.size() < PAGE || closed()) {
        return;
      }
    }
  }
}
