package dev.ordersync.server.http;

import dev.ordersync.server.edge.OncePerMinute;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of requests answered 503 because a dependency (the database) was unavailable: one WARNING
 * per kind of failure at most once a minute, with the request id of the first and the count of
 * those that followed, and no stack trace. An outage of a minute under load is one line, not one
 * trace per request.
 */
final class Outages {
  private static final Logger LOG = Logger.getLogger(Outages.class.getName());
  private static final OncePerMinute LINES = new OncePerMinute(64);

  private Outages() {}

  /** Records that the request {@code requestId} failed with {@code failure}, a transient one. */
  static void record(Throwable failure, String requestId) {
    if (!LOG.isLoggable(Level.WARNING)) {
      return;
    }
    // The kind is the exception's class, a fixed set: its message may name tables or addresses.
    String kind = failure.getClass().getSimpleName();
    long suppressed = LINES.admit(kind);
    if (suppressed < 0) {
      return;
    }
    LOG.warning(
        () ->
            "request "
                + requestId
                + ": a dependency is unavailable, answered 503 ("
                + kind
                + ": "
                + failure.getMessage()
                + ")"
                + (suppressed == 0 ? "" : "; " + suppressed + " more in the last minute")
                + "; the next are counted for a minute");
  }
}
