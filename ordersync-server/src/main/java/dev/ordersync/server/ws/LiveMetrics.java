package dev.ordersync.server.ws;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live endpoints' meters, in the process-wide registry (so summed over the instances a test
 * runs in one JVM): {@code ordersync.ws.open}, {@code ordersync.ws.messages.sent}, {@code
 * ordersync.ws.delivery} (commit to send, live events only), {@code ordersync.ws.slow.closed},
 * {@code ordersync.ws.dead.reaped} and {@code ordersync.ws.busy.refused}.
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
                .percentiles(0.5, 0.99, 0.999)
                .publishPercentileHistogram(true)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)));
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

  static void delivered(long committedAtMicros, long nowMicros) {
    SENT.increment();
    if (committedAtMicros > 0) {
      DELIVERY.record(Math.max(0, nowMicros - committedAtMicros), TimeUnit.MICROSECONDS);
    }
  }

  private LiveMetrics() {}
}
