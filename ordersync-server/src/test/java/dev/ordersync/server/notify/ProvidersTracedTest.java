package dev.ordersync.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.SendOutcome;
import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Aligo and SendGrid are called in the trace of the work that sends (decision 41): a client span
 * per request, whose context the provider receives in {@code traceparent}.
 */
class ProvidersTracedTest {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  final Tracing tracing = Tracing.of(sdk);

  @AfterEach
  void stop() {
    sdk.close();
  }

  @Test
  void aTextMessageCarriesTheTraceToAligo() {
    try (FakeAligo aligo = FakeAligo.start("aligo-key", "ordersync", "025114560")) {
      var sms =
          new AligoSms(
              new AligoSms.Settings(
                  aligo.uri(), "aligo-key", "ordersync", "025114560", false, TIMEOUT, TIMEOUT),
              Clock.systemUTC(),
              tracing);
      SpanData call =
          inASpan(
              () -> sms.send(new Message(Channel.SMS, "010-1234-5678", null, "주문이 접수되었습니다")),
              aligo::traceparents);
      assertEquals(
          "Aligo",
          call.getAttributes()
              .get(io.opentelemetry.api.common.AttributeKey.stringKey("peer.service")));
    }
  }

  @Test
  void anEmailCarriesTheTraceToSendGrid() {
    String key = "SG.test-key.abcdefghijklmnopqrstuvwxyz";
    String from = "orders@ordersync.example.kr";
    try (FakeSendGrid sendGrid = FakeSendGrid.start(key, from)) {
      var email =
          new SendGridEmail(
              new SendGridEmail.Settings(sendGrid.uri(), key, from, "OrderSync", TIMEOUT, TIMEOUT),
              Clock.systemUTC(),
              true,
              tracing);
      inASpan(
          () ->
              email.send(
                  new Message(Channel.EMAIL, "owner@example.kr", "Daily report", "12 orders")),
          sendGrid::traceparents);
    }
  }

  /** Sends inside a parent span; the provider must have received the client span's context. */
  private SpanData inASpan(
      java.util.function.Supplier<SendOutcome> send,
      java.util.function.Supplier<List<String>> received) {
    Span parent = tracing.tracer().spanBuilder("deliver notification").startSpan();
    SendOutcome out;
    try (Scope s = parent.makeCurrent()) {
      out = send.get();
    } finally {
      parent.end();
    }
    assertInstanceOf(SendOutcome.Sent.class, out, out::toString);
    SpanData call =
        spans.getFinishedSpanItems().stream()
            .filter(d -> d.getKind() == SpanKind.CLIENT)
            .findFirst()
            .orElseThrow();
    assertEquals(parent.getSpanContext().getTraceId(), call.getTraceId());
    assertEquals(parent.getSpanContext().getSpanId(), call.getParentSpanId());
    List<String> got = received.get();
    assertEquals(1, got.size(), got::toString);
    assertTrue(
        got.getFirst().startsWith("00-" + call.getTraceId() + "-" + call.getSpanId() + "-"),
        () -> "the provider received the client span's context, not " + got);
    return call;
  }
}
