package dev.ordersync.server;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The process-wide meter registry the management listener serves, set up once per process so that
 * everything in it is named as Prometheus and OpenTelemetry say (decision 0039): Micrometer's JVM
 * meters ({@code jvm_memory_used_bytes}, {@code jvm_threads_live_threads}, {@code
 * jvm_gc_collection_seconds_total}...) stand where Helidon's built-in ones ({@code
 * classloader_loadedClasses_count}, a gauge with {@code _count}) used to, and Helidon's own {@code
 * requests.count} is left out ({@code http_server_request_duration_seconds} counts requests, per
 * route). Every meter of the product (ours and other features', through {@link
 * Services#get(Class)}) is named with dots ({@code ordersync.orders.placed}); the registry's
 * Prometheus convention makes them snake case, appends {@code _total} to counters and the base unit
 * ({@code _seconds}) to timers. {@code MetricsScrapeTest} runs promtool on a scrape so a name that
 * breaks the rules fails the build.
 */
final class ProcessMeters {
  private static final MeterRegistry REGISTRY = setUp();

  private ProcessMeters() {}

  /**
   * The registry, with the JVM meters bound and the filters set: called first thing when a server
   * starts, so the filters see every meter the server registers.
   */
  static MeterRegistry registry() {
    return REGISTRY;
  }

  private static MeterRegistry setUp() {
    MeterRegistry registry = Services.get(MeterRegistry.class);
    io.micrometer.core.instrument.MeterRegistry micrometer =
        registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
    // Filters apply to meters registered after them: these come before the web server starts.
    micrometer
        .config()
        // Helidon's key performance indicator counter: replaced by the per-route histogram.
        .meterFilter(MeterFilter.denyNameStartsWith("requests."))
        // No quantiles computed in the process, for any timer or distribution (Helidon gives
        // each one 0.5 to 0.999 unless told otherwise): they cannot be aggregated across
        // instances, and beside buckets they make a histogram Prometheus's format refuses.
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder()
                    .percentiles()
                    .percentilesHistogram(config.isPercentileHistogram())
                    .build()
                    .merge(config);
              }
            });
    new ClassLoaderMetrics().bindTo(micrometer);
    new JvmMemoryMetrics().bindTo(micrometer);
    new JvmThreadMetrics().bindTo(micrometer);
    new UptimeMetrics().bindTo(micrometer);
    new FileDescriptorMetrics().bindTo(micrometer);
    // Not Micrometer's JvmGcMetrics: it registers meters later, from the GC's notification thread,
    // straight on the Micrometer registry, and Helidon's wrapper takes its own lock inside
    // Micrometer's then, while a Helidon registration takes them the other way round: a deadlock
    // (seen in a test run). Every meter registered here is registered now, on this thread.
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      FunctionCounter.builder("jvm.gc.collections", gc, GarbageCollectorMXBean::getCollectionCount)
          .tag("gc", gc.getName())
          .description("Collections by this garbage collector since the JVM started")
          .register(micrometer);
      FunctionCounter.builder("jvm.gc.collection", gc, g -> g.getCollectionTime() / 1000.0)
          .tag("gc", gc.getName())
          .baseUnit("seconds")
          .description("Time spent in this garbage collector since the JVM started (approximate)")
          .register(micrometer);
    }
    return registry;
  }
}
