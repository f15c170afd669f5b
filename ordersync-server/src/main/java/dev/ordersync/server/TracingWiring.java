package dev.ordersync.server;

import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK of a server (decision 41), configured by the standard OTEL_* variables
 * through the SDK's autoconfiguration (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES...).
 * Off unless OTEL_TRACES_EXPORTER names an exporter: an embedded server records nothing and pays
 * for no-op calls only. Only traces: metrics are served by the metrics endpoint and logs go to
 * standard output, so the SDK's metric and log exporters are off unless asked for.
 */
final class TracingWiring {
  private static final Logger LOG = Logger.getLogger(TracingWiring.class.getName());

  private TracingWiring() {}

  /** The server's tracing; an SDK it built is shut down (its spans flushed) with {@code opened}. */
  static Tracing open(ServerConfig config, OpenedResources opened) {
    ServerConfig.Observability o = config.observability();
    if (!o.tracing()) {
      return Tracing.off();
    }
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .disableShutdownHook()
              .addPropertiesSupplier(TracingWiring::defaults)
              .addPropertiesCustomizer(ignored -> properties(o.otel()))
              .build()
              .getOpenTelemetrySdk();
    } catch (RuntimeException e) {
      throw new StartupException(
          "the OTEL_* tracing configuration cannot be used: " + e.getMessage(), e);
    }
    opened.add(sdk::close);
    LOG.info(
        () ->
            "tracing on: exporter "
                + o.otel().get("OTEL_TRACES_EXPORTER")
                + ", sampler "
                + o.otel().getOrDefault("OTEL_TRACES_SAMPLER", "parentbased_always_on")
                + (o.otel().containsKey("OTEL_TRACES_SAMPLER_ARG")
                    ? " " + o.otel().get("OTEL_TRACES_SAMPLER_ARG")
                    : ""));
    return Tracing.of(sdk);
  }

  private static Map<String, String> defaults() {
    return Map.of(
        "otel.service.name", "ordersync",
        "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none");
  }

  /** OTEL_TRACES_SAMPLER_ARG as the SDK's property otel.traces.sampler.arg. */
  static Map<String, String> properties(Map<String, String> otel) {
    Map<String, String> props = new HashMap<>();
    otel.forEach((k, v) -> props.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
    return props;
  }
}
