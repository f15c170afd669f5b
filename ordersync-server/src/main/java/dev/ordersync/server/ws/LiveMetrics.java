package dev.ordersync.server.ws;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live endpoints' meters, in the process-wide registry (so summed over the instances a test
 * runs in one JVM): {@code ordersync.ws.open}, {@code ordersync.ws.messages.sent}, {@code
 * ordersync.ws.delivery} (commit to send, live events only; a histogram, rendered {@code
 * ordersync_ws_delivery_seconds_bucket}), {@code ordersync.ws.slow.closed}, {@code
 * ordersync.ws.dead.reaped}, {@code ordersync.ws.busy.refused} and {@code
 * ordersync.ws.closes{code}}.
 */
final class LiveMetrics {
  static final AtomicLong OPEN = new AtomicLong();
  static final Counter SENT;
  static final Timer DELIVERY;
  static final Counter SLOW_CLOSED;
  static final Counter REAPED;
  static final Counter BUSY;

  static {
    var registry = Services.get(MeterRegistry.class);
    registry.getOrCreate(
        Gauge.builder("ordersync.ws.open", OPEN::get)
            .description("Open live WebSockets (order status and feeds)"));
    SENT =
        registry.getOrCreate(
            Counter.builder("ordersync.ws.messages.sent")
                .description("Messages written to live WebSockets"));
    DELIVERY =
        registry.getOrCreate(
            Timer.builder("ordersync.ws.delivery")
                .description(
                    "From an order event's COMMIT to its message written to a WebSocket (live events)")
                // Buckets only: quantiles computed in the process cannot be added up across
                // instances, and mixed into a histogram they break the exposition format.
                .buckets(
                    Duration.ofMillis(1),
                    Duration.ofMillis(2),
                    Duration.ofMillis(5),
                    Duration.ofMillis(10),
                    Duration.ofMillis(25),
                    Duration.ofMillis(50),
                    Duration.ofMillis(100),
                    Duration.ofMillis(250),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(2500),
                    Duration.ofSeconds(10)));
    SLOW_CLOSED =
        registry.getOrCreate(
            Counter.builder("ordersync.ws.slow.closed")
                .description(
                    "WebSockets closed with 4409 because their queue of unsent messages was full"));
    REAPED =
        registry.getOrCreate(
            Counter.builder("ordersync.ws.dead.reaped")
                .description("WebSockets closed for not answering pings"));
    BUSY =
        registry.getOrCreate(
            Counter.builder("ordersync.ws.busy.refused")
                .description(
                    "WebSockets closed with 1013 because too many others were opening at once"));
  }

  /**
   * The close codes the live endpoints use (docs/api.md); any other is counted as {@code other}.
   */
  private static final Set<Integer> KNOWN_CODES =
      Set.of(
          1000,
          1001,
          1002,
          1003,
          1007,
          1008,
          1009,
          1011,
          CloseCodes.TRY_AGAIN_LATER,
          CloseCodes.BAD_REQUEST,
          CloseCodes.UNAUTHENTICATED,
          CloseCodes.FORBIDDEN,
          CloseCodes.NOT_FOUND,
          CloseCodes.RESUME,
          CloseCodes.RATE_LIMITED);

  private static final Map<String, Counter> CLOSES = new ConcurrentHashMap<>();

  static {
    // Every code at zero from the start: rate() and the alerts see the series before the first.
    KNOWN_CODES.forEach(code -> closeCounter(Integer.toString(code)));
    closeCounter("other");
  }

  private static Counter closeCounter(String tag) {
    return CLOSES.computeIfAbsent(
        tag,
        t ->
            Services.get(MeterRegistry.class)
                .getOrCreate(
                    Counter.builder("ordersync.ws.closes")
                        .tags(List.of(Tag.create("code", t)))
                        .description(
                            "Close frames the server sent on live WebSockets, by close code")));
  }

  /** A close frame the server sent, by its code (bounded: unknown codes are {@code other}). */
  static void closed(int code) {
    String tag = KNOWN_CODES.contains(code) ? Integer.toString(code) : "other";
    closeCounter(tag).increment();
  }

  static void delivered(long committedAtMicros, long nowMicros) {
    SENT.increment();
    if (committedAtMicros > 0) {
      DELIVERY.record(Math.max(0, nowMicros - committedAtMicros), TimeUnit.MICROSECONDS);
    }
  }

  private LiveMetrics() {}
}
