package dev.ordersync.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.OrderView;
import dev.ordersync.server.live.LiveEvent;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws/orders/{id}/status} and {@code /ws/restaurants/me/orders}. A connection authenticates
 * (header, query parameter or first message), subscribes, and only then reads: a snapshot, or on
 * resume the events it missed; what the bus brought meanwhile waits in its inbox and is sent after,
 * without duplicates (positions are checked) and without gaps (a jump is repaired from the event
 * log).
 */
public final class LiveEndpoints {
  public static final String ORDER_PATH = "/ws/orders/{id}/status";
  public static final String FEED_PATH = "/ws/restaurants/me/orders";

  /**
   * A resume that would replay more events than this is answered with a reload notice and a fresh
   * snapshot.
   */
  public static final int MAX_RESUME = 1000;

  private static final Logger LOG = Logger.getLogger(LiveEndpoints.class.getName());
  private static final long AUTH_TIMEOUT_MILLIS = 10_000;

  private final Authenticator auth;
  private final GetOrder getOrder;
  private final java.util.function.Predicate<UUID> orderExists;
  private final ConnectGuard connects;
  private final Feeds feeds;
  private final LiveHub hub;

  /**
   * @param orderExists whether an order of that id exists at all, whoever's it is: a valid
   *     credential that does not cover an existing order is refused with 4403, an order that does
   *     not exist with 4404 (API.md). Order ids are random UUIDs, so this tells a caller nothing
   *     about an order whose id it could not already name, and never anything of its content.
   */
  public LiveEndpoints(
      Authenticator auth,
      GetOrder getOrder,
      java.util.function.Predicate<UUID> orderExists,
      Feeds feeds,
      LiveHub hub,
      ConnectGuard connects) {
    this.auth = auth;
    this.connects = connects;
    this.getOrder = getOrder;
    this.orderExists = orderExists;
    this.feeds = feeds;
    this.hub = hub;
  }

  public void routing(WsRouting.Builder ws) {
    ws.endpoint(ORDER_PATH, () -> new Connection(false))
        .endpoint(FEED_PATH, () -> new Connection(true));
  }

  record OrderSnapshot(String type, long seq, OrderView order) {}

  record FeedSnapshot(String type, long feedSeq, List<OrderView> orders) {}

  record Notice(String type, String reason) {}

  /** Where a resuming client says it stopped. */
  private record Resume(UUID lastEventId, Long lastSeq) {
    static Resume of(UriQuery query) {
      String id = value(query, "last_event_id");
      String seq = value(query, "last_seq");
      if (id == null && seq == null) {
        return null;
      }
      try {
        return new Resume(
            id == null ? null : UUID.fromString(id), seq == null ? null : Long.parseLong(seq));
      } catch (IllegalArgumentException e) {
        throw new DomainException.Invalid(
            "last_event_id", "last_event_id must be an event id and last_seq a number");
      }
    }
  }

  private static String value(UriQuery query, String name) {
    if (query == null || !query.contains(name)) {
      return null;
    }
    String v = query.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** One WebSocket connection, before and after it is authenticated. */
  private final class Connection implements WsListener {
    private final boolean feed;
    private String path;
    private UriQuery query;
    private String headerToken;
    private io.helidon.http.Headers upgradeHeaders = io.helidon.http.WritableHeaders.create();
    private volatile boolean opening;
    private volatile LiveSocket socket;

    Connection(boolean feed) {
      this.feed = feed;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
      path = prologue.uriPath().path();
      query = prologue.query();
      headerToken = Authenticator.bearerOf(headers).orElse(null);
      upgradeHeaders = headers;
      return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
      java.util.OptionalLong wait =
          connects.refused(upgradeHeaders, session.socketContext().remotePeer());
      if (wait.isPresent() && claim()) {
        refuse(
            session,
            CloseCodes.RATE_LIMITED,
            "too many live connections from this address; retry after " + wait.getAsLong() + " s");
        return;
      }
      String token = headerToken != null ? headerToken : value(query, "access_token");
      if (token != null) {
        open(session, token);
        return;
      }
      hub.later(
          AUTH_TIMEOUT_MILLIS,
          () -> {
            if (!claim()) {
              return;
            }
            refuse(
                session,
                CloseCodes.UNAUTHENTICATED,
                "no credential: send access_token or an auth message");
          });
    }

    /** Only one path opens or refuses a connection: the first credential, or the timeout. */
    private synchronized boolean claim() {
      if (opening) {
        return false;
      }
      opening = true;
      return true;
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
      LiveSocket s = socket;
      if (s != null) {
        s.heard();
        return;
      }
      if (opening) {
        return;
      }
      // Parsed off the connection's thread, for the same reason as opening (see open).
      hub.run(() -> authMessage(session, text));
    }

    private void authMessage(WsSession session, String text) {
      String token = null;
      try {
        JsonNode message = Json.mapper().readTree(text);
        if ("auth".equals(message.path("type").asText()) && message.path("token").isTextual()) {
          token = message.path("token").asText();
        }
      } catch (java.io.IOException | RuntimeException e) {
        // not JSON: refused below
      }
      if (token == null || token.isBlank()) {
        if (claim()) {
          refuse(
              session,
              CloseCodes.UNAUTHENTICATED,
              "the first message must be {\"type\":\"auth\",\"token\":\"...\"}");
        }
        return;
      }
      open(session, token.strip());
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
      onMessage(session, buffer.readString(buffer.available(), StandardCharsets.UTF_8), last);
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
      LiveSocket s = socket;
      if (s != null) {
        s.closedByPeer();
      }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
      LiveSocket s = socket;
      if (s != null) {
        s.closedByPeer();
      }
    }

    /**
     * Opens on a short-lived virtual thread, not on the connection's own: that one lives as long as
     * the socket, and whatever the opening leaves in its thread-locals (Jackson's buffers, ciphers
     * from decrypting the order) would stay with it, some 30 KiB per socket.
     */
    private void open(WsSession session, String token) {
      if (!claim()) {
        return;
      }
      hub.run(() -> openNow(session, token));
    }

    private void openNow(WsSession session, String token) {
      try {
        if (feed) {
          openFeed(session, token);
        } else {
          openOrder(session, token);
        }
      } catch (HttpProblem p) {
        fail(
            session,
            p.status() == 401 ? CloseCodes.UNAUTHENTICATED : CloseCodes.BAD_REQUEST,
            p.getMessage());
      } catch (DomainException.Unauthenticated e) {
        fail(session, CloseCodes.UNAUTHENTICATED, e.getMessage());
      } catch (DomainException.Forbidden e) {
        fail(session, CloseCodes.FORBIDDEN, e.getMessage());
      } catch (DomainException.NotFound e) {
        fail(session, CloseCodes.NOT_FOUND, "order not found");
      } catch (DomainException.Invalid e) {
        fail(session, CloseCodes.BAD_REQUEST, e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not open a live socket", e);
        fail(session, 1011, "server error: try again");
      }
    }

    private void fail(WsSession session, int code, String reason) {
      LiveSocket s = socket;
      if (s != null) {
        s.close(code, reason);
      } else {
        refuse(session, code, reason);
      }
    }

    private void openOrder(WsSession session, String token) {
      UUID orderId = orderIdOf(path);
      Authenticator.Authenticated who;
      try {
        // An order token that does not verify for this order, or a caller who may not see it: 4403
        // if the order
        // exists, 4404 if not.
        who = auth.callerForToken(token, orderId);
        getOrder.handle(who.caller(), orderId);
      } catch (DomainException.NotFound e) {
        if (hub.read(() -> orderExists.test(orderId))) {
          throw new DomainException.Forbidden(
              "forbidden", "this credential does not give access to this order");
        }
        throw e;
      }
      Caller caller = who.caller();
      Resume resume = Resume.of(query);
      OrderFollower s = new OrderFollower(session, hub, orderId);
      if (caller instanceof Caller.SignedIn) {
        s.recheckWith(
            () -> {
              if (!auth.stillActive(who)) {
                return CloseCodes.UNAUTHENTICATED;
              }
              return codeOf(() -> getOrder.handle(caller, orderId));
            });
      }
      hub.add(s);
      socket = s;
      // Subscribed first, read after: nothing committed from here on can be missed.
      Order order = getOrder.handle(caller, orderId);
      long now = order.version();
      resumeOrSnapshot(
          s,
          resume,
          now,
          e -> e.orderId().equals(orderId) ? e.version() : null,
          () -> Json.text(new OrderSnapshot("snapshot", now, OrderView.of(order))));
    }

    private void openFeed(WsSession session, String token) {
      Authenticator.Authenticated who = auth.callerOfToken(token);
      Caller caller = who.caller();
      UUID restaurantId = feeds.restaurantOf(caller);
      Resume resume = Resume.of(query);
      FeedFollower s = new FeedFollower(session, hub, restaurantId);
      s.recheckWith(
          () -> {
            if (!auth.stillActive(who)) {
              return CloseCodes.UNAUTHENTICATED;
            }
            return codeOf(
                () -> {
                  if (!feeds.restaurantOf(caller).equals(restaurantId)) {
                    throw new DomainException.Forbidden("the session acts for another restaurant");
                  }
                });
          });
      hub.add(s);
      socket = s;
      Feeds.Snapshot snapshot = feeds.snapshot(caller);
      long now = snapshot.position();
      resumeOrSnapshot(
          s,
          resume,
          now,
          e -> e.restaurantId().equals(restaurantId) ? e.feedPosition() : null,
          () ->
              Json.text(
                  new FeedSnapshot(
                      "snapshot", now, snapshot.orders().stream().map(OrderView::of).toList())));
    }

    /**
     * Replays what the client missed when its resume point can be replayed (an event of this
     * stream, at most MAX_RESUME back, not ahead of {@code now}); otherwise tells it why ({@code
     * reload}) and sends the snapshot.
     *
     * @param positionIfOurs the event's position in this stream, or null if it is not of this
     *     stream
     */
    private void resumeOrSnapshot(
        LiveSocket s,
        Resume resume,
        long now,
        java.util.function.Function<LiveEvent, Long> positionIfOurs,
        java.util.function.Supplier<String> snapshot) {
      if (resume != null) {
        Long from =
            resume.lastSeq() != null
                ? resume.lastSeq()
                : hub.read(() -> hub.log().byId(resume.lastEventId()))
                    .map(positionIfOurs)
                    .orElse(null);
        if (from != null && from >= 0 && from <= now && now - from <= MAX_RESUME) {
          s.startAt(from);
          s.catchUp();
          s.start();
          return;
        }
        s.send(Json.text(new Notice("reload", from == null ? "unknown_event" : "gap_too_old")));
      }
      s.send(snapshot.get());
      s.startAt(now);
      s.start();
    }
  }

  /** 0 if {@code access} passes, else the close code of its refusal. */
  private static int codeOf(Runnable access) {
    try {
      access.run();
      return 0;
    } catch (DomainException.Unauthenticated e) {
      return CloseCodes.UNAUTHENTICATED;
    } catch (DomainException.Forbidden e) {
      return CloseCodes.FORBIDDEN;
    } catch (DomainException.NotFound e) {
      return CloseCodes.NOT_FOUND;
    }
  }

  private static UUID orderIdOf(String path) {
    // /ws/orders/{id}/status
    String[] parts = path.split("/");
    try {
      return UUID.fromString(parts[3]);
    } catch (RuntimeException e) {
      throw new DomainException.NotFound("order");
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
