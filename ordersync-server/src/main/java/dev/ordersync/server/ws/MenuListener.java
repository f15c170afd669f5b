package dev.ordersync.server.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws/restaurants/{restaurant_id}/menu}: a restaurant's public menu, live, for anyone (no
 * credential, like {@code GET /restaurants/{id}/menu}). Sends {@code {"type":"menu.ready"}} once
 * subscribed, then {@code menu.item_changed} and {@code menu.changed} messages. Bounded, pinged and
 * reaped like the other live sockets; rate-limited per client address at connect; an unknown
 * restaurant is closed with 4404. Client messages are ignored.
 */
final class MenuListener implements WsListener {
  private static final Logger LOG = Logger.getLogger(MenuListener.class.getName());
  static final String READY = "{\"type\":\"menu.ready\"}";

  private final LiveHub hub;
  private final ConnectGuard connects;
  private final Predicate<UUID> restaurantExists;
  private String path;
  private Headers upgradeHeaders = WritableHeaders.create();
  private volatile LiveSocket socket;
  private volatile boolean peerGone;

  MenuListener(LiveHub hub, ConnectGuard connects, Predicate<UUID> restaurantExists) {
    this.hub = hub;
    this.connects = connects;
    this.restaurantExists = restaurantExists;
  }

  @Override
  public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
    path = prologue.uriPath().path();
    upgradeHeaders = headers;
    return Optional.empty();
  }

  @Override
  public void onOpen(WsSession session) {
    OptionalLong wait = connects.refused(upgradeHeaders, session.socketContext().remotePeer());
    if (wait.isPresent()) {
      refuse(
          session,
          CloseCodes.RATE_LIMITED,
          "too many live connections from this address; retry after " + wait.getAsLong() + " s");
      return;
    }
    // Off the connection's thread, within the hub's bound on openings (see AuthenticatingListener).
    hub.run(() -> open(session));
  }

  private void open(WsSession session) {
    try {
      UUID restaurantId = restaurantOf(path);
      boolean ran =
          hub.opening(
              () -> {
                if (peerGone) {
                  return;
                }
                if (restaurantId == null || !hub.read(() -> restaurantExists.test(restaurantId))) {
                  refuse(session, CloseCodes.NOT_FOUND, "restaurant not found");
                  return;
                }
                MenuFollower s = new MenuFollower(session, hub, restaurantId);
                socket = s;
                hub.add(s);
                if (peerGone) {
                  s.closedByPeer();
                  return;
                }
                s.send(READY);
                s.start();
              });
      if (!ran) {
        refuse(session, CloseCodes.TRY_AGAIN_LATER, "too many sockets opening: try again later");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not open a live menu socket", e);
      LiveSocket s = socket;
      if (s != null) {
        s.close(1011, "server error: try again");
      } else {
        refuse(session, 1011, "server error: try again");
      }
    }
  }

  /** The restaurant id of {@code /ws/restaurants/{restaurant_id}/menu}, or null if not a UUID. */
  private static UUID restaurantOf(String path) {
    String[] parts = path == null ? new String[0] : path.split("/");
    try {
      return parts.length > 3 ? UUID.fromString(parts[3]) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void onMessage(WsSession session, String text, boolean last) {
    LiveSocket s = socket;
    if (s != null) {
      s.heard();
    }
  }

  @Override
  public void onMessage(WsSession session, BufferData buffer, boolean last) {
    onMessage(session, "", last);
  }

  @Override
  public void onPong(WsSession session, BufferData buffer) {
    LiveSocket s = socket;
    if (s != null) {
      s.heard();
    }
  }

  @Override
  public void onPing(WsSession session, BufferData buffer) {
    LiveSocket s = socket;
    if (s != null) {
      s.heard();
      s.pong(buffer);
    } else {
      session.pong(buffer);
    }
  }

  @Override
  public void onClose(WsSession session, int status, String reason) {
    gone();
  }

  @Override
  public void onError(WsSession session, Throwable t) {
    gone();
  }

  private void gone() {
    peerGone = true;
    LiveSocket s = socket;
    if (s != null) {
      s.closedByPeer();
    }
  }

  private static void refuse(WsSession session, int code, String reason) {
    try {
      session.close(code, LiveSocket.fit(reason));
    } catch (RuntimeException e) {
      // already gone
    }
  }
}
