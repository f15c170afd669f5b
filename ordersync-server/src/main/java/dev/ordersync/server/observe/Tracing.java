package dev.ordersync.server.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The tracing of one running server: its tracer and the W3C trace context it reads from and writes
 * to other systems' requests ({@code traceparent}, {@code tracestate}). Off, the tracer is
 * OpenTelemetry's no-op: spans cost a call that returns at once, and an incoming trace context is
 * still carried through (so log lines keep the caller's trace id) but nothing is recorded.
 *
 * <p>One per server rather than OpenTelemetry's global instance: tests run servers side by side in
 * one JVM, each with its own exporter.
 */
public final class Tracing {
  /** The instrumentation scope of every span the server makes. */
  public static final String SCOPE = "dev.ordersync.server";

  private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), false);
  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final Tracer tracer;
  private final boolean on;

  private Tracing(OpenTelemetry otel, boolean on) {
    this.tracer = otel.getTracer(SCOPE);
    this.on = on;
  }

  /** No tracing: the default of an embedded server. */
  public static Tracing off() {
    return OFF;
  }

  /** Tracing through {@code otel} (the SDK the wiring configured, or a test's). */
  public static Tracing of(OpenTelemetry otel) {
    return new Tracing(otel, true);
  }

  public Tracer tracer() {
    return tracer;
  }

  /** Whether spans are recorded at all (some may still be sampled out). */
  public boolean on() {
    return on;
  }

  /**
   * The trace context sent by a client in {@code traceparent}/{@code tracestate}, read with {@code
   * header} (a header's first value, or null); the root context when there is none or it is
   * malformed.
   */
  public static Context extract(Function<String, String> header) {
    return W3C.extract(Context.root(), header, HEADERS);
  }

  /**
   * Writes the current trace context as {@code traceparent} (and {@code tracestate}) headers of an
   * outgoing request, when there is one.
   */
  public static void inject(BiConsumer<String, String> header) {
    W3C.inject(Context.current(), header, (h, name, value) -> h.accept(name, value));
  }

  /**
   * The current span's context as a {@code traceparent} value, to travel with what this work hands
   * on (a live event) so that whoever delivers it can link back; null when tracing is off or the
   * span is not sampled.
   */
  public String traceparent() {
    if (!on) {
      return null;
    }
    SpanContext c = Span.current().getSpanContext();
    return c.isValid() && c.isSampled() ? traceparent(c) : null;
  }

  /** {@code c} as a W3C {@code traceparent} value. */
  public static String traceparent(SpanContext c) {
    return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
  }

  /**
   * The span context a {@code traceparent} value names (remote), or an invalid one when it is null
   * or malformed.
   */
  public static SpanContext spanContext(String traceparent) {
    if (traceparent == null) {
      return SpanContext.getInvalid();
    }
    return Span.fromContext(extract(n -> n.equals("traceparent") ? traceparent : null))
        .getSpanContext();
  }

  private static final TextMapGetter<Function<String, String>> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
          return carrier == null ? null : carrier.apply(key);
        }
      };
}
