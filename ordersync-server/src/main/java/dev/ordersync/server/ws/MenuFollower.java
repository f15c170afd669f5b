package dev.ordersync.server.ws;

import dev.ordersync.server.live.LiveEvent;
import io.helidon.websocket.WsSession;
import java.util.UUID;

/**
 * A socket following a restaurant's public menu. Menu changes have no positions and no log: what it
 * misses while away, its client learns by reading the menu again when it reconnects.
 */
final class MenuFollower extends LiveSocket {
  private final UUID restaurantId;

  MenuFollower(WsSession session, LiveHub hub, UUID restaurantId) {
    super(session, hub);
    this.restaurantId = restaurantId;
  }

  @Override
  UUID order() {
    return null;
  }

  @Override
  UUID restaurant() {
    return null;
  }

  @Override
  UUID menu() {
    return restaurantId;
  }

  @Override
  long position() {
    return 0;
  }

  @Override
  void onEvent(LiveEvent event) {
    // order events never reach a menu socket
  }

  @Override
  void catchUp() {
    // nothing to catch up: menu followers refetch on reconnect
  }

  @Override
  void startAt(long position) {
    // no positions
  }
}
