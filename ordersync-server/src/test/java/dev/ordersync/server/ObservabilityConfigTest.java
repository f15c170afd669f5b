package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.observe.LogFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ORDERSYNC_LOG_FORMAT and the OTEL_* variables, as the server reads them. */
class ObservabilityConfigTest {
  static ServerConfig.Observability of(Map<String, String> env) {
    return ServerConfig.fromEnvironment(env).observability();
  }

  @Test
  void textLogsAndNoTracingByDefault() {
    var o = of(Map.of());
    assertEquals(LogFormat.TEXT, o.logFormat());
    assertFalse(o.tracing());
    assertFalse(of(Map.of("OTEL_TRACES_EXPORTER", "none")).tracing());
    assertFalse(of(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true")).tracing());
  }

  @Test
  void anExporterTurnsTracingOnWithTheStandardVariables() {
    var o =
        of(
            Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0.1",
                "ORDERSYNC_LOG_FORMAT", "json"));
    assertTrue(o.tracing());
    assertEquals(LogFormat.JSON, o.logFormat());
    assertEquals(
        Map.of(
            "otel.traces.exporter", "otlp",
            "otel.traces.sampler", "parentbased_traceidratio",
            "otel.traces.sampler.arg", "0.1"),
        TracingWiring.properties(o.otel()));
  }

  @Test
  void anUnknownLogFormatIsRefusedInOneLine() {
    var e =
        assertThrows(ServerConfig.Invalid.class, () -> of(Map.of("ORDERSYNC_LOG_FORMAT", "yaml")));
    assertEquals("ORDERSYNC_LOG_FORMAT must be text or json, not 'yaml'", e.getMessage());
  }

  @Test
  void aTracingConfigurationTheSdkRefusesStopsTheStart() {
    var config =
        ServerConfig.fromEnvironment(
            Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_TRACES_SAMPLER", "sometimes"));
    var e =
        assertThrows(
            StartupException.class, () -> TracingWiring.open(config, new OpenedResources()));
    assertTrue(
        e.getMessage().startsWith("the OTEL_* tracing configuration cannot be used"),
        e::getMessage);
  }
}
