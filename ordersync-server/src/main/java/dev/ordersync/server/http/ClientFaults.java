package dev.ordersync.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of requests that failed by the client's fault (malformed HTTP, a method a path does not
 * take, a plain GET on a socket path; the routine ones, such as a wrong method, at FINE, like an
 * unknown path): one line per kind at most once a minute, saying how many more of that kind came
 * since, and never a stack trace. A scanner sending thousands of broken requests costs a line a
 * minute, not a megabyte.
 */
final class ClientFaults {
  private static final Logger LOG = Logger.getLogger(ClientFaults.class.getName());
  private static final long WINDOW_NANOS = 60_000_000_000L;
  private static final int MAX_KINDS = 256;
  private static final ConcurrentMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

  private ClientFaults() {}

  /**
   * @param kind a short, fixed name (never client input: the number of kinds is what bounds the
   *     log)
   * @param what what happened, for the line
   */
  static void record(String kind, String what) {
    record(Level.INFO, kind, what);
  }

  /** As {@link #record(String, String)}, at a level of the caller's choosing. */
  static void record(Level level, String kind, String what) {
    if (!LOG.isLoggable(level)) {
      return;
    }
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
    LOG.log(
        level,
        () ->
            "client fault "
                + kind
                + ": "
                + what
                + (suppressed == 0
                    ? ""
                    : " (" + suppressed + " more of this kind in the last minute)")
                + "; the next are counted for a minute");
  }

  private static final class Window {
    private long started;
    private long suppressed;
  }
}
