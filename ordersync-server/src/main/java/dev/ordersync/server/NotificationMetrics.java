package dev.ordersync.server;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.NotificationKind;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The notification deliverer's meters, in the process-wide registry: {@code
 * ordersync.notifications.sent{channel,kind}}, messages a provider took; {@code
 * ordersync.notifications.failed{channel,reason}}, messages that did not go out ({@code refused},
 * {@code expired}: retries ran out, {@code unknown}: no answer, {@code lease_expired}: the sender
 * died mid-send, {@code erased}, {@code channel_off}); and two gauges refreshed every second from
 * the table, {@code ordersync.notifications.queue.depth} (pending messages) and {@code
 * ordersync.notifications.oldest.pending.seconds}. Tag values are lower case.
 */
final class NotificationMetrics {
  private static final AtomicLong DEPTH = new AtomicLong();
  private static final AtomicReference<Double> OLDEST = new AtomicReference<>(0.0);
  private static final MeterRegistry REGISTRY = Services.get(MeterRegistry.class);

  static {
    REGISTRY.getOrCreate(
        Gauge.builder("ordersync.notifications.queue.depth", DEPTH::get)
            .description("Notifications waiting to be sent (status pending)"));
    REGISTRY.getOrCreate(
        Gauge.builder("ordersync.notifications.oldest.pending.seconds", OLDEST::get)
            .description("How long the oldest notification still pending has waited"));
  }

  private NotificationMetrics() {}

  static void sent(Channel channel, NotificationKind kind) {
    REGISTRY
        .getOrCreate(
            Counter.builder("ordersync.notifications.sent")
                .tags(List.of(Tag.create("channel", tag(channel)), Tag.create("kind", tag(kind))))
                .description("Notifications a provider took"))
        .increment();
  }

  static void failed(Channel channel, String reason) {
    REGISTRY
        .getOrCreate(
            Counter.builder("ordersync.notifications.failed")
                .tags(List.of(Tag.create("channel", tag(channel)), Tag.create("reason", reason)))
                .description(
                    "Notifications that did not go out: refused, expired, unknown, lease_expired, erased, channel_off"))
        .increment();
  }

  static void depth(long pending, double oldestAgeSeconds) {
    DEPTH.set(pending);
    OLDEST.set(oldestAgeSeconds);
  }

  /** The count of {@code ordersync.notifications.sent}, for tests. */
  static long sentCount(Channel channel, NotificationKind kind) {
    return REGISTRY
        .counter(
            "ordersync.notifications.sent",
            List.of(Tag.create("channel", tag(channel)), Tag.create("kind", tag(kind))))
        .map(Counter::count)
        .orElse(0L);
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
