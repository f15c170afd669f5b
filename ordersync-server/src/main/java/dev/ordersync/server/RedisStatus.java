package dev.ordersync.server;

import io.helidon.health.HealthCheckResponse;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How one use of Redis is doing, for operators: a readiness check that is always up but says {@code
 * degraded} while Redis cannot be reached (every use of Redis has a fallback that keeps the
 * instance serving: live events are delivered to the instance's own sockets and caught up from the
 * log, rate limits fall back to buckets in the process), and a gauge {@code
 * ordersync_redis_up{use="..."}} (1 up, 0 down) to alert on.
 */
final class RedisStatus {
  /** The last wired server's check per use: one process runs one server outside tests. */
  private static final Map<String, AtomicReference<BooleanSupplier>> CURRENT =
      new ConcurrentHashMap<>();

  private final String use;
  private final String detail;
  private final BooleanSupplier healthy;

  private RedisStatus(String use, String detail, BooleanSupplier healthy) {
    this.use = use;
    this.detail = detail;
    this.healthy = healthy;
  }

  /** The status of {@code use} ({@code live-events}, {@code rate-limits}), metered from now on. */
  static RedisStatus of(String use, String detail, BooleanSupplier healthy) {
    AtomicReference<BooleanSupplier> current =
        CURRENT.computeIfAbsent(
            use,
            u -> {
              var ref = new AtomicReference<BooleanSupplier>(() -> true);
              Services.get(MeterRegistry.class)
                  .getOrCreate(
                      Gauge.builder("ordersync.redis.up", () -> ref.get().getAsBoolean() ? 1 : 0)
                          .tags(List.of(Tag.create("use", u)))
                          .description(
                              "Whether Redis answers for this use (1) or the instance runs on its"
                                  + " fallback (0)"));
              return ref;
            });
    current.set(healthy);
    return new RedisStatus(use, detail, healthy);
  }

  String use() {
    return use;
  }

  /**
   * Always up (the instance still serves without Redis); {@code state} is {@code up} or {@code
   * degraded}.
   */
  Supplier<HealthCheckResponse> check() {
    return () ->
        HealthCheckResponse.builder()
            .status(true)
            .detail("redis", detail)
            .detail("state", healthy.getAsBoolean() ? "up" : "degraded")
            .build();
  }
}
