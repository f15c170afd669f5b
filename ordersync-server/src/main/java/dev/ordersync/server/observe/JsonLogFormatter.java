package dev.ordersync.server.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ordersync.server.context.RequestContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object a line (ORDERSYNC_LOG_FORMAT=json): {@code time} (RFC 3339, UTC), {@code level},
 * {@code logger}, {@code message}, {@code exception} (the stack trace as text), and, when the line
 * was written while handling a request or inside a span, {@code request_id}, {@code trace_id} and
 * {@code span_id}. An access-log line adds its own fields ({@link AccessLog}).
 */
public final class JsonLogFormatter extends Formatter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public String format(LogRecord record) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", TIME.format(record.getInstant()));
      g.writeStringField("level", level(record.getLevel()));
      g.writeStringField("logger", record.getLoggerName());
      g.writeStringField("message", formatMessage(record));
      if (record instanceof AccessLog.Line line) {
        line.write(g);
      } else {
        ids(g);
      }
      if (record.getThrown() != null) {
        StringWriter stack = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(stack));
        g.writeStringField("exception", stack.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  /** The ids of the request and the span the line was written in, when there are. */
  private static void ids(JsonGenerator g) throws IOException {
    RequestContext request = RequestContext.current().orElse(null);
    if (request != null) {
      g.writeStringField("request_id", request.requestId());
    }
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      g.writeStringField("trace_id", span.getTraceId());
      g.writeStringField("span_id", span.getSpanId());
    } else if (request != null && request.traceId() != null) {
      g.writeStringField("trace_id", request.traceId());
    }
  }

  /** JUL's levels under the names log pipelines expect. */
  static String level(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (v >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (v >= Level.INFO.intValue()) {
      return "INFO";
    }
    if (v >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }
}
