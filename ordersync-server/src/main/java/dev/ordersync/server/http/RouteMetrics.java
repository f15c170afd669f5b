package dev.ordersync.server.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code http_server_request_duration_seconds{method,route,status}}, the OpenTelemetry HTTP server
 * histogram, per route template: the pattern the routing matched ({@code
 * /api/v1/orders/{id}/accept}), never the path with its ids, so the labels stay bounded. A request
 * no route took (a 404 for a made-up path, a 405) is {@code route="unmatched"}; a method outside
 * the standard ones is {@code _OTHER}, as the convention says. Also {@code
 * ordersync_rate_limited_requests_total{limit}}, the 429s.
 */
final class RouteMetrics {
  static final String NAME = "http.server.request.duration";
  static final String UNMATCHED = "unmatched";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Buckets around the seed's latency floors (auth 200 ms, orders 500 ms, live 100 ms). */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(200),
    Duration.ofMillis(300),
    Duration.ofMillis(500),
    Duration.ofMillis(750),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private static final Map<List<String>, Timer> TIMERS = new ConcurrentHashMap<>();

  /** The 429s by what refused them: the API's rate limits, or the log-in/registration throttles. */
  private static final Map<String, Counter> RATE_LIMITED =
      Map.of("api", rateLimitedCounter("api"), "login", rateLimitedCounter("login"));

  private static Counter rateLimitedCounter(String limit) {
    return Services.get(MeterRegistry.class)
        .getOrCreate(
            Counter.builder("ordersync.rate.limited.requests")
                .tags(List.of(Tag.create("limit", limit)))
                .description(
                    "Requests refused 429: by the API's rate limits (api) or the log-in and"
                        + " registration throttles (login)"));
  }

  /** A request refused 429 by {@code limit} ({@code api} or {@code login}). */
  static void rateLimited(String limit) {
    RATE_LIMITED.get(limit).increment();
  }

  private RouteMetrics() {}

  /** The filter, first of all: it times the other filters too. */
  static Filter filter() {
    return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
      long start = System.nanoTime();
      try {
        chain.proceed();
      } finally {
        String method = req.prologue().method().text();
        record(
            METHODS.contains(method) ? method : "_OTHER",
            route(req.matchingPattern().orElse(null), res.status().code()),
            res.status().code(),
            System.nanoTime() - start);
      }
    };
  }

  /**
   * The template of the route that answered; the catch-all last route (which answers 405 and 426,
   * or passes a path nothing names on to a 404) is {@link #UNMATCHED}.
   */
  static String route(String pattern, int status) {
    if (pattern == null || pattern.isEmpty()) {
      return UNMATCHED;
    }
    // A resource's root route ("/" under "/api/v1/orders") is matched as "/api/v1/orders/".
    return pattern.length() > 1 && pattern.endsWith("/")
        ? pattern.substring(0, pattern.length() - 1)
        : pattern;
  }

  private static void record(String method, String route, int status, long nanos) {
    TIMERS
        .computeIfAbsent(List.of(method, route, Integer.toString(status)), RouteMetrics::timer)
        .record(Duration.ofNanos(nanos));
  }

  private static Timer timer(List<String> key) {
    return Services.get(MeterRegistry.class)
        .getOrCreate(
            Timer.builder(NAME)
                .tags(
                    List.of(
                        Tag.create("method", key.get(0)),
                        Tag.create("route", key.get(1)),
                        Tag.create("status", key.get(2))))
                .description("Duration of HTTP server requests, by route template")
                .buckets(BUCKETS));
  }
}
