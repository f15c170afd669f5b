package dev.ordersync.server.http;

import dev.ordersync.server.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answer to a request Helidon refuses before any route sees it (a garbage request line, a bad
 * or doubled {@code Content-Length}, {@code Content-Length} with {@code Transfer-Encoding}, headers
 * that are not headers): a problem like every other, 400 (413 for a body over the server's limit),
 * the connection closed since its framing can no longer be trusted. Helidon's own text is never
 * echoed: it quotes the request.
 *
 * <p>Helidon also reports as an "internal error" (500) anything its request-line parser throws
 * without wrapping, such as a tab or a control byte inside the method token, and it gives the
 * direct handler no cause to tell these from a real fault. So the connection's own thread records
 * how far the request it is reading got ({@link #receiveListener}, {@link #sendListener}): a
 * failure before its headers were read can only come from the client's bytes and is answered 400
 * like the rest; one after is the server's and stays a 500 (as a problem, logged).
 */
public final class FramingProblems implements DirectHandler {
  private static final Logger LOG = Logger.getLogger(FramingProblems.class.getName());

  /** Nothing of the current request read yet (also: the last one was answered). */
  private static final int AWAITING_REQUEST = 0;

  /** The request line and headers were read: whatever fails now is past the client's framing. */
  private static final int HEADERS_READ = 2;

  /**
   * How far the request on this connection got. Helidon reads each HTTP/1 connection on a thread of
   * its own, and calls the listeners and the direct handler on it, so the state is per thread,
   * never shared; it is not request context (that is {@code RequestContext}'s scoped value).
   */
  private static final ThreadLocal<int[]> PROGRESS = ThreadLocal.withInitial(() -> new int[1]);

  private FramingProblems() {}

  /** The handlers to give the web server: every event, an internal error as said above. */
  public static DirectHandlers directHandlers() {
    FramingProblems handler = new FramingProblems();
    var b = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      b.addHandler(type, handler);
    }
    return b.build();
  }

  /** Tells this class when a request line and headers have arrived on the connection's thread. */
  public static Http1ConnectionListener receiveListener() {
    return new Http1ConnectionListener() {
      @Override
      public void headers(ConnectionContext ctx, Headers headers) {
        PROGRESS.get()[0] = HEADERS_READ;
      }

      @Override
      public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        PROGRESS.get()[0] = HEADERS_READ - 1;
      }
    };
  }

  /** Tells this class when an answer begins on the connection's thread. */
  public static Http1ConnectionListener sendListener() {
    return new Http1ConnectionListener() {
      @Override
      public void status(ConnectionContext ctx, Status status) {
        if (status.code() != Status.SWITCHING_PROTOCOLS_101.code()) {
          PROGRESS.get()[0] = AWAITING_REQUEST; // answered: what is read next is a new request
        }
      }
    };
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status defaultStatus,
      ServerResponseHeaders headers,
      String message) {
    if (eventType == EventType.INTERNAL_ERROR && PROGRESS.get()[0] == HEADERS_READ) {
      LOG.log(Level.WARNING, "internal error outside the routes (a bug): answered 500");
      return problem(500, "internal_error", "the server failed; this is not the request's fault");
    }
    int status =
        switch (eventType) {
          case PAYLOAD_TOO_LARGE -> 413;
          case FORBIDDEN -> 403;
          default ->
              defaultStatus.code() >= 400 && defaultStatus.code() < 500
                  ? defaultStatus.code()
                  : 400;
        };
    String code =
        status == 413 ? "body_too_large" : status == 403 ? "forbidden" : "malformed_request";
    String detail =
        switch (status) {
          case 413 -> "the body is larger than this server accepts";
          case 403 -> "the request is refused";
          default -> "the request is not well-formed HTTP/1.1";
        };
    ClientFaults.record(code + " " + eventType.name().toLowerCase(java.util.Locale.ROOT), detail);
    return problem(status, code, detail);
  }

  private static TransportResponse problem(int status, String code, String detail) {
    String requestId = UUID.randomUUID().toString();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", Problems.TYPE_BASE + code.replace('_', '-'));
    body.put("title", Problems.title(status));
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    body.put("request_id", requestId);
    return TransportResponse.builder()
        .status(Status.create(status))
        .header(HeaderNames.CONTENT_TYPE, Problems.PROBLEM_JSON)
        .header(RequestId.HEADER, requestId)
        .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
        .header(HeaderNames.CACHE_CONTROL, "no-store")
        .keepAlive(false)
        .entity(Json.bytes(body))
        .build();
  }
}
