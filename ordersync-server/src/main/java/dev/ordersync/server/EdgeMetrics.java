package dev.ordersync.server;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection gate's meters, in the process-wide registry (summed over the servers a test runs
 * in one JVM): {@code ordersync.connections.open}, the TCP connections held now, and {@code
 * ordersync.connections.dropped{reason=...}}, connections refused at accept ({@code limit_total},
 * {@code limit_address}), cut for a timeout ({@code header_timeout}, {@code body_timeout}, {@code
 * idle_timeout}) or closed to make room for a new one when the server is full ({@code
 * evicted_when_full}).
 */
final class EdgeMetrics {
  private static final AtomicLong OPEN = new AtomicLong();
  private static final Map<ConnectionGate.Reason, Counter> DROPPED =
      new EnumMap<>(ConnectionGate.Reason.class);

  static {
    var registry = Services.get(MeterRegistry.class);
    registry.getOrCreate(
        Gauge.builder("ordersync.connections.open", OPEN::get)
            .description("TCP connections the server holds now (HTTP and WebSocket)"));
    for (ConnectionGate.Reason reason : ConnectionGate.Reason.values()) {
      DROPPED.put(
          reason,
          registry.getOrCreate(
              Counter.builder("ordersync.connections.dropped")
                  .tags(List.of(Tag.create("reason", reason.tag)))
                  .description(
                      "TCP connections refused at accept (over a cap), closed for a timeout, or closed to make room when full")));
    }
  }

  private EdgeMetrics() {}

  static void opened() {
    OPEN.incrementAndGet();
  }

  static void closed() {
    OPEN.decrementAndGet();
  }

  static void dropped(ConnectionGate.Reason reason) {
    DROPPED.get(reason).increment();
  }

  /** Connections held now, by every gate in the process. */
  static long open() {
    return OPEN.get();
  }
}
