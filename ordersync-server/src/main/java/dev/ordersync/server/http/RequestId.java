package dev.ordersync.server.http;

import dev.ordersync.server.context.RequestContext;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of one request, answered in {@code X-Request-Id} on every response and written in logs and
 * problems. A sane id sent by the client (or its proxy) is kept, so one request can be followed
 * across systems.
 */
public record RequestId(String value) {
  static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
  private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");
  private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{8,64}$");
  private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");

  /** W3C trace context: version-traceid-parentid-flags. */
  private static final Pattern TRACE =
      Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");

  static String of(ServerRequest req) {
    return req.context().get(RequestId.class).map(RequestId::value).orElse("-");
  }

  /** The filter that assigns the id and the headers every API response carries. */
  static Filter filter() {
    return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
      String id =
          req.headers()
              .first(HEADER)
              .filter(v -> SANE.matcher(v).matches())
              .orElseGet(() -> UUID.randomUUID().toString());
      req.context().register(new RequestId(id));
      commonHeaders(res, id);
      new RequestContext(id, traceId(req), ClientAddress.of(req)).run(chain::proceed);
    };
  }

  /**
   * The trace the request belongs to: that of its server span ({@link ObservedRequests}, which
   * continues the caller's), else the one its {@code traceparent} names, else null.
   */
  private static String traceId(ServerRequest req) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      return span.getTraceId();
    }
    String traceparent =
        req.headers().first(TRACEPARENT).filter(v -> TRACE.matcher(v).matches()).orElse(null);
    return traceparent == null ? null : traceparent.substring(3, 35);
  }

  static void commonHeaders(io.helidon.webserver.http.ServerResponse res, String id) {
    res.header(HEADER, id);
    res.header(NOSNIFF, "nosniff");
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
  }
}
