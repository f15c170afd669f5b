package dev.ordersync.server.edge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Log lines of one kind at most once a minute: a kind's first occurrence is let through, the next
 * ones within the minute are only counted, and the next line says how many there were. What the
 * server logs about things others do to it (client faults, hung-up connections, an outage seen by
 * every request) costs a line a minute however often it happens. Kinds are fixed names, never
 * client input; past {@code maxKinds} a new kind is dropped, so the table cannot grow without
 * bound.
 */
public final class OncePerMinute {
  private static final long WINDOW_NANOS = 60_000_000_000L;

  private final int maxKinds;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  public OncePerMinute(int maxKinds) {
    this.maxKinds = maxKinds;
  }

  /**
   * Whether to log a line of {@code kind} now.
   *
   * @return -1 to stay silent (counted); otherwise how many of this kind were counted, silently,
   *     since its last line
   */
  public long admit(String kind) {
    if (windows.size() >= maxKinds && !windows.containsKey(kind)) {
      return -1;
    }
    long now = System.nanoTime();
    Window w = windows.computeIfAbsent(kind, k -> new Window());
    synchronized (w) {
      if (w.started != 0 && now - w.started < WINDOW_NANOS) {
        w.suppressed++;
        return -1;
      }
      long suppressed = w.suppressed;
      w.started = now == 0 ? 1 : now;
      w.suppressed = 0;
      return suppressed;
    }
  }

  private static final class Window {
    private long started;
    private long suppressed;
  }
}
