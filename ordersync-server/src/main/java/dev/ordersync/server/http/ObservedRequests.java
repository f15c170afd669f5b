package dev.ordersync.server.http;

import dev.ordersync.server.observe.AccessLog;
import dev.ordersync.server.observe.Tracing;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outermost filter of every HTTP request: its server span (named by method and route template,
 * continuing the caller's W3C trace context, answered in a {@code traceparent} header) and its line
 * in the access log, both finished once the response has been sent, so they see the status that
 * went out, whether a handler or an error handler wrote it.
 */
public final class ObservedRequests {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");

  private ObservedRequests() {}

  /** The filter, added before every other one. */
  public static Filter filter(Tracing tracing) {
    return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
      long start = System.nanoTime();
      String method = req.prologue().method().text();
      Context parent =
          Tracing.extract(name -> req.headers().first(HeaderNames.create(name)).orElse(null));
      Span span =
          tracing
              .tracer()
              .spanBuilder(method)
              .setParent(parent)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(METHOD, method)
              .startSpan();
      SpanContext ids = span.getSpanContext();
      if (tracing.on() && ids.isValid()) {
        res.header(TRACEPARENT, Tracing.traceparent(ids));
      }
      AtomicBoolean finished = new AtomicBoolean();
      res.whenSent(() -> finish(finished, span, req, res, method, start));
      try (Scope ignored = span.makeCurrent()) {
        chain.proceed();
      } catch (RuntimeException | Error e) {
        // An error handler outside the filters answers it; the span ends when that is sent.
        span.recordException(e);
        throw e;
      }
    };
  }

  /**
   * The route template that answered: a resource's root is registered as "/" under its prefix,
   * which Helidon reports with a trailing slash ("/api/v1/orders/"); API.md names it without.
   */
  static String route(RoutingRequest req) {
    String pattern = req.matchingPattern().orElse(null);
    if (pattern != null
        && pattern.length() > 1
        && pattern.endsWith("/")
        && pattern.startsWith("/api/")) {
      return pattern.substring(0, pattern.length() - 1);
    }
    return pattern;
  }

  private static void finish(
      AtomicBoolean finished,
      Span span,
      RoutingRequest req,
      RoutingResponse res,
      String method,
      long start) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    int status = res.status().code();
    String route = route(req);
    if (route != null) {
      span.updateName(method + " " + route);
      span.setAttribute(ROUTE, route);
    }
    span.setAttribute(STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
    if (AccessLog.enabled()) {
      SpanContext ids = span.getSpanContext();
      AccessLog.log(
          new AccessLog.Entry(
              method,
              route == null ? "unmatched" : route,
              status,
              (System.nanoTime() - start) / 1e6,
              res.bytesWritten(),
              RequestId.of(req),
              ids.isValid() ? ids.getTraceId() : null));
    }
  }
}
