package dev.ordersync.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
  private static final long WINDOW_NANOS = 60_000_000_000L;
  private static final int MAX_KINDS = 64;
  private static final ConcurrentMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

  private Outages() {}

  /** Records that the request {@code requestId} failed with {@code failure}, a transient one. */
  static void record(Throwable failure, String requestId) {
    if (!LOG.isLoggable(Level.WARNING)) {
      return;
    }
    // The kind is the exception's class, a fixed set: its message may name tables or addresses.
    String kind = failure.getClass().getSimpleName();
    if (WINDOWS.size() >= MAX_KINDS && !WINDOWS.containsKey(kind)) {
      return;
    }
    long now = System.nanoTime();
    Window w = WINDOWS.computeIfAbsent(kind, k -> new Window());
    long suppressed;
    synchronized (w) {
      if (w.started != 0 && now - w.started < WINDOW_NANOS) {
        w.suppressed++;
        return;
      }
      suppressed = w.suppressed;
      w.started = now == 0 ? 1 : now;
      w.suppressed = 0;
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

  private static final class Window {
    private long started;
    private long suppressed;
  }
}
