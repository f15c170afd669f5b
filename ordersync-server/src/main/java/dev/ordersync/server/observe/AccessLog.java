package dev.ordersync.server.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per request on the logger {@value #LOGGER}, which operators can route or silence on its
 * own ({@code ordersync.access.level=OFF} in the logging configuration): the method, the route
 * template (never the path with its ids, nor the query string), the status, the duration, the bytes
 * sent, the request id and the trace id. Nothing of the request's headers or body is ever written,
 * so no token, password or phone number can reach it.
 */
public final class AccessLog {
  public static final String LOGGER = "ordersync.access";
  private static final Logger LOG = Logger.getLogger(LOGGER);

  private AccessLog() {}

  /**
   * One request as the access log keeps it.
   *
   * @param route the route template ({@code /api/v1/orders/{id}}), or a description of what
   *     answered when no route matched ({@code unmatched})
   * @param traceId the W3C trace id, or null
   */
  public record Entry(
      String method,
      String route,
      int status,
      double durationMillis,
      long bytes,
      String requestId,
      String traceId) {
    /** The line as a developer's terminal shows it. */
    String text() {
      return method
          + " "
          + route
          + " "
          + status
          + " "
          + String.format(java.util.Locale.ROOT, "%.1f", durationMillis)
          + "ms "
          + bytes
          + "B request_id="
          + requestId
          + (traceId == null ? "" : " trace_id=" + traceId);
    }
  }

  /** Whether access lines are written at all (the logger may be switched off). */
  public static boolean enabled() {
    return LOG.isLoggable(Level.INFO);
  }

  /** Writes the line of one request. */
  public static void log(Entry entry) {
    if (enabled()) {
      LOG.log(new Line(entry));
    }
  }

  /** The log record of an access line: its fields become the JSON line's own. */
  static final class Line extends LogRecord {
    private static final long serialVersionUID = 1L;
    private final transient Entry entry;

    Line(Entry entry) {
      super(Level.INFO, entry.text());
      this.entry = entry;
      setLoggerName(LOGGER);
    }

    Entry entry() {
      return entry;
    }

    void write(JsonGenerator g) throws IOException {
      g.writeStringField("method", entry.method());
      g.writeStringField("route", entry.route());
      g.writeNumberField("status", entry.status());
      g.writeNumberField("duration_ms", Math.round(entry.durationMillis() * 1000) / 1000.0);
      g.writeNumberField("bytes", entry.bytes());
      g.writeStringField("request_id", entry.requestId());
      if (entry.traceId() != null) {
        g.writeStringField("trace_id", entry.traceId());
      }
    }
  }
}
