package dev.ordersync.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersync.server.context.RequestContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";

  final JsonLogFormatter formatter = new JsonLogFormatter();

  @Test
  void aLineWrittenWhileHandlingATracedRequestCarriesItsIdsAndItsException() throws Exception {
    LogRecord record = new LogRecord(Level.WARNING, "could not deliver to {0}");
    record.setParameters(new Object[] {"socket 7"});
    record.setLoggerName("dev.ordersync.server.ws.LiveSocket");
    record.setThrown(new IllegalStateException("the socket closed"));
    String[] line = new String[1];
    SpanContext span =
        SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
    new RequestContext("req-12345678", TRACE, "203.0.113.9")
        .run(
            () -> {
              try (Scope ignored = Span.wrap(span).makeCurrent()) {
                line[0] = formatter.format(record);
              }
            });

    assertTrue(line[0].endsWith("\n"));
    assertEquals(line[0].length() - 1, line[0].indexOf('\n'), "one line, whatever the stack");
    JsonNode json = JSON.readTree(line[0]);
    OffsetDateTime time = OffsetDateTime.parse(json.path("time").asText());
    assertEquals(ZoneOffset.UTC, time.getOffset(), "RFC 3339 in UTC");
    assertEquals(
        record.getInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), time.toInstant());
    assertEquals("WARN", json.path("level").asText());
    assertEquals("dev.ordersync.server.ws.LiveSocket", json.path("logger").asText());
    assertEquals("could not deliver to socket 7", json.path("message").asText());
    assertEquals("req-12345678", json.path("request_id").asText());
    assertEquals(TRACE, json.path("trace_id").asText());
    assertEquals(SPAN, json.path("span_id").asText());
    String exception = json.path("exception").asText();
    assertTrue(
        exception.startsWith("java.lang.IllegalStateException: the socket closed"), exception);
    assertTrue(
        exception.contains("\tat dev.ordersync.server.observe.JsonLogFormatterTest"), exception);
    assertFalse(line[0].contains("203.0.113.9"), "the client's address is no log field");
  }

  @Test
  void aLineOutsideAnyRequestHasNoIds() throws Exception {
    LogRecord record = new LogRecord(Level.INFO, "subscribed to live events on Redis");
    record.setLoggerName("dev.ordersync.server.live.RedisEventBus");
    JsonNode json = JSON.readTree(formatter.format(record));
    assertEquals("INFO", json.path("level").asText());
    assertFalse(json.has("request_id"));
    assertFalse(json.has("trace_id"));
    assertFalse(json.has("span_id"));
    assertFalse(json.has("exception"));
  }

  @Test
  void anAccessLineHasItsFieldsAsJson() throws Exception {
    var entry =
        new AccessLog.Entry("GET", "/api/v1/orders/{id}", 404, 3.25, 97, "req-abcdefgh", TRACE);
    JsonNode json = JSON.readTree(formatter.format(new AccessLog.Line(entry)));
    assertEquals(AccessLog.LOGGER, json.path("logger").asText());
    assertEquals("GET", json.path("method").asText());
    assertEquals("/api/v1/orders/{id}", json.path("route").asText());
    assertEquals(404, json.path("status").asInt());
    assertEquals(3.25, json.path("duration_ms").asDouble());
    assertEquals(97, json.path("bytes").asLong());
    assertEquals("req-abcdefgh", json.path("request_id").asText());
    assertEquals(TRACE, json.path("trace_id").asText());
    assertEquals(
        "GET /api/v1/orders/{id} 404 3.3ms 97B request_id=req-abcdefgh trace_id=" + TRACE,
        json.path("message").asText());
  }

  @Test
  void jsonPutsTheFormatterOnTheRootHandlersAndTextLeavesThem() {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Handler handler = new java.util.logging.ConsoleHandler();
    java.util.logging.Formatter before = handler.getFormatter();
    root.addHandler(handler);
    try {
      LogFormat.TEXT.install();
      assertEquals(before, handler.getFormatter());
      LogFormat.JSON.install();
      assertTrue(handler.getFormatter() instanceof JsonLogFormatter);
    } finally {
      root.removeHandler(handler);
    }
  }
}
