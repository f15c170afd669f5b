package dev.ordersync.server.ws;

import dev.ordersync.server.observe.AccessLog;
import dev.ordersync.server.observe.Tracing;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The access-log line of a WebSocket upgrade, which Helidon answers before the HTTP routing and its
 * filters: the socket's route template (never the path with its ids, nor the query that may carry
 * an access token), 101 or 400, and the ids of the request. What happens on the socket afterwards
 * is the live metrics' and the delivery spans' to tell.
 */
final class UpgradeLog {
  private static final Pattern SANE_ID = Pattern.compile("^[A-Za-z0-9._:-]{8,64}$");
  private static final List<String> ROUTES =
      List.of(LiveEndpoints.ORDER_PATH, LiveEndpoints.FEED_PATH, LiveEndpoints.MENU_PATH);
  private static final List<Pattern> MATCHERS =
      ROUTES.stream()
          .map(r -> Pattern.compile("^" + r.replaceAll("\\{[^}]+}", "[^/]+") + "$"))
          .toList();

  private UpgradeLog() {}

  static void log(HttpPrologue prologue, Headers headers, int status, long start) {
    if (!AccessLog.enabled()) {
      return;
    }
    String requestId =
        headers
            .first(HeaderNames.create("X-Request-Id"))
            .filter(v -> SANE_ID.matcher(v).matches())
            .orElseGet(() -> UUID.randomUUID().toString());
    SpanContext trace =
        Span.fromContext(Tracing.extract(n -> headers.first(HeaderNames.create(n)).orElse(null)))
            .getSpanContext();
    AccessLog.log(
        new AccessLog.Entry(
            "GET",
            route(prologue.uriPath().path()),
            status,
            (System.nanoTime() - start) / 1e6,
            0,
            requestId,
            trace.isValid() ? trace.getTraceId() : null));
  }

  /** The template of a socket path, or "unmatched". */
  static String route(String path) {
    for (int i = 0; i < ROUTES.size(); i++) {
      if (MATCHERS.get(i).matcher(path).matches()) {
        return ROUTES.get(i);
      }
    }
    return "unmatched";
  }
}
