package dev.ordersync.server.http;

import dev.ordersync.server.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The answer to a request Helidon refuses before any route sees it (a garbage request line, a bad
 * or doubled {@code Content-Length}, {@code Content-Length} with {@code Transfer-Encoding}, headers
 * that are not headers): a problem like every other, 400 (413 for a body over the server's limit),
 * the connection closed since its framing can no longer be trusted. Helidon's own text is never
 * echoed: it quotes the request.
 */
public final class FramingProblems implements DirectHandler {
  private FramingProblems() {}

  /** The handlers to give the web server: every event but a real internal error answered here. */
  public static DirectHandlers directHandlers() {
    FramingProblems handler = new FramingProblems();
    var b = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      if (type != EventType.INTERNAL_ERROR) {
        b.addHandler(type, handler);
      }
    }
    return b.build();
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status defaultStatus,
      ServerResponseHeaders headers,
      String message) {
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
