package dev.ordersync.server.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.context.RequestContext;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What both live endpoints do around their own stream: the limit on opening sockets, the credential
 * (the upgrade's {@code Authorization} header, an {@code access_token} query parameter, or a first
 * {@code {"type":"auth"}} message within ten seconds), opening off the connection's thread,
 * refusals as the close codes of docs/api.md, and pings, pongs and closes handed to the open
 * socket. One instance per connection, before and after it is authenticated.
 */
abstract class AuthenticatingListener implements WsListener {
  private static final Logger LOG = Logger.getLogger(AuthenticatingListener.class.getName());
  private static final long AUTH_TIMEOUT_MILLIS = 10_000;

  final LiveHub hub;
  private final ConnectGuard connects;
  private String path;
  private UriQuery query;
  private String headerToken;
  private Headers upgradeHeaders = WritableHeaders.create();
  private volatile boolean opening;
  private volatile LiveSocket socket;
  private volatile RequestContext context =
      new RequestContext("ws-" + java.util.UUID.randomUUID(), null, null);
  private volatile boolean peerGone;

  AuthenticatingListener(LiveHub hub, ConnectGuard connects) {
    this.hub = hub;
    this.connects = connects;
  }

  /**
   * Authorizes {@code token} for this endpoint, subscribes a socket ({@link #attach}), and only
   * then reads and sends where its stream starts. Runs on a short-lived virtual thread; throws the
   * use cases' refusals, which close the connection with their close code.
   */
  abstract void follow(WsSession session, String token);

  /** The path of the upgrade request. */
  final String path() {
    return path;
  }

  /** Where a resuming client says it stopped, or null. */
  final Resume resume() {
    return Resume.of(query);
  }

  /**
   * Subscribes the socket: from here on nothing committed can be missed. A peer that leaves at any
   * moment of this is caught: either {@link #onClose} finds the socket, or this finds the peer gone
   * (the hub never adds a socket it has removed).
   */
  final void attach(LiveSocket s) {
    socket = s;
    hub.add(s);
    if (peerGone) {
      s.closedByPeer();
    }
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
    context =
        new RequestContext(
            context.requestId(), null, addressOf(session.socketContext().remotePeer().address()));
    OptionalLong wait = connects.refused(upgradeHeaders, session.socketContext().remotePeer());
    if (wait.isPresent() && claim()) {
      refuse(
          session,
          CloseCodes.RATE_LIMITED,
          "too many live connections from this address; retry after " + wait.getAsLong() + " s");
      return;
    }
    String token = headerToken != null ? headerToken : Resume.value(query, "access_token");
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
    } catch (IOException | RuntimeException e) {
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
    peerGone = true;
    LiveSocket s = socket;
    if (s != null) {
      s.closedByPeer();
    }
  }

  @Override
  public void onError(WsSession session, Throwable t) {
    peerGone = true;
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

  /**
   * Opens with a request context of the socket's own (an id, the client's address), so that what
   * the opening and the socket's later reads record says where they came from; and within the hub's
   * bound on concurrent openings, so that a burst of connects cannot take the whole connection pool
   * from REST and health (one that waited too long is closed with 1013).
   */
  private void openNow(WsSession session, String token) {
    context.run(() -> openInContext(session, token));
  }

  /** The socket's request context: bound while it opens; bind it again for work done later. */
  final RequestContext context() {
    return context;
  }

  private void openInContext(WsSession session, String token) {
    try {
      boolean ran =
          hub.opening(
              () -> {
                if (!peerGone) {
                  follow(session, token);
                }
              });
      if (!ran) {
        fail(session, CloseCodes.TRY_AGAIN_LATER, "too many sockets opening: try again later");
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

  /** The client's address as the REST API's records name it (the socket's peer). */
  private static String addressOf(java.net.SocketAddress a) {
    if (a instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(a);
  }

  private void fail(WsSession session, int code, String reason) {
    LiveSocket s = socket;
    if (s != null) {
      s.close(code, reason);
    } else {
      refuse(session, code, reason);
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
