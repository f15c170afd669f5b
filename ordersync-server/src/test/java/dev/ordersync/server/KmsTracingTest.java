package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.crypto.FakeKms;
import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Calls to KMS are client spans of the work that makes them, and KMS receives their context. */
class KmsTracingTest {
  @Test
  void aKeysetWrappedByKmsIsWrappedInTheCallersTrace() throws Exception {
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    Path folder = Files.createTempDirectory("ordersync-kms-tracing");
    try (FakeKms kms = new FakeKms();
        OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build()) {
      ServerConfig config =
          ServerConfig.fromEnvironment(
              Map.of(
                  "ORDERSYNC_KMS_KEY_ARN",
                  FakeKms.KEY_ARN,
                  "ORDERSYNC_KMS_REGION",
                  "ap-northeast-2",
                  "ORDERSYNC_KMS_ENDPOINT",
                  kms.endpoint().toString()));
      com.google.crypto.tink.aead.AeadConfig.register();
      Tracing tracing = Tracing.of(sdk);
      DeploymentKeys.KeyEncryption kek = DeploymentKeys.keyEncryption(config, tracing);
      Span work = tracing.tracer().spanBuilder("wrap a key").startSpan();
      try (Scope ignored = work.makeCurrent()) {
        kek.aead()
            .encrypt(new byte[32], "columns".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } finally {
        work.end();
      }

      List<SpanData> calls =
          spans.getFinishedSpanItems().stream()
              .filter(d -> d.getKind() == SpanKind.CLIENT)
              .toList();
      assertFalse(calls.isEmpty(), "a client span per KMS call");
      SpanData call = calls.getFirst();
      assertTrue(call.getName().startsWith("KMS/"), call::getName);
      assertEquals(work.getSpanContext().getTraceId(), call.getTraceId());
      assertEquals(work.getSpanContext().getSpanId(), call.getParentSpanId());
      String received = kms.traceparents().getFirst();
      assertTrue(
          received.contains(" 00-" + call.getTraceId() + "-" + call.getSpanId() + "-"),
          () -> "KMS received the call's context, not " + received);
      assertEquals(call.getName(), "KMS/" + received.substring(0, received.indexOf(' ')));
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
      TestServer.deleteTree(folder);
    }
  }
}
