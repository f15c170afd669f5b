package dev.ordersync.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A change's trace context crosses to the other instances with its event (decision 41): the
 * instance that delivers it to a socket can link to the change's span, and the publish is a span of
 * the change's trace.
 */
class TraceAcrossRedisTest {
  static final URI REDIS = URI.create("redis://127.0.0.1:6379");

  @Test
  void anEventPublishedOnOneInstanceArrivesOnAnotherWithItsTraceContext() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    String channel = channel();
    try (OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build();
        RedisEventBus here = new RedisEventBus(REDIS, channel, Tracing.of(sdk));
        RedisEventBus there = new RedisEventBus(REDIS, channel, Tracing.off())) {
      LinkedBlockingQueue<LiveEvent> arrived = new LinkedBlockingQueue<>();
      there.subscribe(
          new EventBus.Subscriber() {
            @Override
            public void deliver(LiveEvent event) {
              arrived.add(event);
            }

            @Override
            public void resync() {}
          });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!(here.healthy() && there.healthy()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      String change = "00-" + traceId + "-00f067aa0ba902b7-01";
      here.publish(event(change));
      here.publish(event(null));

      LiveEvent traced = arrived.poll(5, TimeUnit.SECONDS);
      assertNotNull(traced, "the event crossed Redis");
      assertEquals(change, traced.trace());
      LiveEvent untraced = arrived.poll(5, TimeUnit.SECONDS);
      assertNotNull(untraced);
      assertNull(untraced.trace(), "an untraced change carries no context");

      SpanData publish = spans.getFinishedSpanItems().getFirst();
      assertEquals(SpanKind.PRODUCER, publish.getKind());
      assertEquals(traceId, publish.getTraceId(), "the publish is part of the change's trace");
      assertEquals("00f067aa0ba902b7", publish.getParentSpanId());
      assertEquals(1, spans.getFinishedSpanItems().size(), "no span for the untraced change");
    }
  }

  static String channel() {
    return "ordersync-test:" + UUID.randomUUID() + ":order-events";
  }

  static LiveEvent event(String trace) {
    return new LiveEvent(
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        1,
        1,
        "order.created",
        "{\"type\":\"order.created\"}",
        1,
        trace);
  }
}
