package dev.ordersync.server.ws;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsRoute;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsUpgradeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Upgrades HTTP/1.1 to a {@link StrictWsConnection}. Helidon's own upgrader still decides whether a
 * request may be upgraded (a WebSocket route, GET, a key, version 13, the origin), and the upgrade
 * still runs through the HTTP routing (its filters); only the connection it hands over is ours.
 */
final class StrictWsUpgrader implements Http1RoutedUpgrader {
  private static final byte[] GUID =
      "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

  private static final io.helidon.http.Header CONNECTION_UPGRADE =
      HeaderValues.create(HeaderNames.CONNECTION, "Upgrade");

  private final Http1RoutedUpgrader helidon;
  private final int maxMessageBytes;

  StrictWsUpgrader(WsUpgrader helidon, int maxMessageBytes) {
    this.helidon = (Http1RoutedUpgrader) helidon;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public String supportedProtocol() {
    return "websocket";
  }

  @Override
  public Optional<Http1RoutedUpgrade> routedUpgrade(
      ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
    return helidon
        .routedUpgrade(ctx, prologue, headers)
        .map(
            checked ->
                (response, requestHeaders) -> {
                  if (!isUpgrade(requestHeaders)) {
                    return Http1UpgradeResult.notApplicable();
                  }
                  long start = System.nanoTime();
                  String accept = accept(requestHeaders);
                  WsListener listener = route(ctx, prologue).listener();
                  Optional<Headers> extra;
                  try {
                    extra =
                        Objects.requireNonNull(listener.onHttpUpgrade(prologue, requestHeaders));
                  } catch (WsUpgradeException e) {
                    response.send(Status.BAD_REQUEST_400);
                    UpgradeLog.log(prologue, requestHeaders, 400, start);
                    return Http1UpgradeResult.responded();
                  }
                  response.sendSwitchingProtocols(handshake(extra, accept));
                  UpgradeLog.log(prologue, requestHeaders, 101, start);
                  return Http1UpgradeResult.upgraded(
                      new StrictWsConnection(
                          ctx,
                          prologue,
                          extra.orElseGet(WritableHeaders::create),
                          listener,
                          maxMessageBytes));
                });
  }

  /**
   * Not used by Helidon's HTTP/1 connection for a routed upgrader (it always asks {@link
   * #routedUpgrade}); refused rather than upgraded without the routing.
   */
  @Override
  public ServerConnection upgrade(
      ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
    return null;
  }

  private static WsRoute route(ConnectionContext ctx, HttpPrologue prologue) {
    return ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue);
  }

  private static boolean isUpgrade(Headers headers) {
    return headers.contains(HeaderNames.UPGRADE)
        && "websocket".equalsIgnoreCase(headers.get(HeaderNames.UPGRADE).get())
        && headers.containsToken(CONNECTION_UPGRADE);
  }

  private static ServerResponseHeaders handshake(Optional<Headers> extra, String accept) {
    ServerResponseHeaders headers = ServerResponseHeaders.create();
    extra.ifPresent(headers::from);
    headers.set(HeaderValues.create(HeaderNames.CONNECTION, "Upgrade"));
    headers.set(HeaderValues.create(HeaderNames.UPGRADE, "websocket"));
    headers.set(HeaderValues.create(HeaderNames.create("Sec-WebSocket-Accept"), accept));
    return headers;
  }

  /** The {@code Sec-WebSocket-Accept} for the request's key; 400 if the key is not 16 bytes. */
  static String accept(Headers headers) {
    String key = headers.get(WsUpgrader.WS_KEY).get().trim();
    byte[] nonce;
    try {
      nonce = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      nonce = new byte[0];
    }
    if (nonce.length != 16) {
      throw RequestException.builder()
          .type(DirectHandler.EventType.BAD_REQUEST)
          .message("Invalid Sec-WebSocket-Key header")
          .build();
    }
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(key.getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1.digest(GUID));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }
}
