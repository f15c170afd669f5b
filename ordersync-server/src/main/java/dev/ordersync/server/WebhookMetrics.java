package dev.ordersync.server;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The webhook dispatcher's meters (decision 0039's conventions: dots, no unit suffix on counters;
 * the registry renders them): {@code ordersync.webhook.deliveries{result}}, one per attempt's
 * outcome ({@code delivered}; {@code retry}: failed, to be tried again; {@code failed}: failed and
 * out of its window; {@code dropped}: its body was erased); and two gauges refreshed every second,
 * {@code ordersync.webhook.deliveries.due} and {@code ordersync.webhook.delivery.lag.seconds}, how
 * long the oldest due delivery has waited.
 */
final class WebhookMetrics {
  static final List<String> RESULTS = List.of("delivered", "retry", "failed", "dropped");
  private static final AtomicLong DUE = new AtomicLong();
  private static final AtomicReference<Double> LAG = new AtomicReference<>(0.0);
  private static final MeterRegistry REGISTRY = Services.get(MeterRegistry.class);

  static {
    REGISTRY.getOrCreate(
        Gauge.builder("ordersync.webhook.deliveries.due", DUE::get)
            .description("Webhook deliveries due and not yet sent (enabled endpoints)"));
    REGISTRY.getOrCreate(
        Gauge.builder("ordersync.webhook.delivery.lag.seconds", LAG::get)
            .description("How long the oldest due webhook delivery has waited"));
    // Every result from the start, so a rate over it has a series before the first event.
    RESULTS.forEach(r -> counter(r));
  }

  private WebhookMetrics() {}

  static void result(String result) {
    counter(result).increment();
  }

  static long count(String result) {
    return counter(result).count();
  }

  static void lag(long due, double oldestSeconds) {
    DUE.set(due);
    LAG.set(oldestSeconds);
  }

  private static Counter counter(String result) {
    return REGISTRY.getOrCreate(
        Counter.builder("ordersync.webhook.deliveries")
            .tags(List.of(Tag.create("result", result)))
            .description(
                "Webhook delivery attempts by outcome: delivered, retry, failed (out of its window), dropped"));
  }
}
