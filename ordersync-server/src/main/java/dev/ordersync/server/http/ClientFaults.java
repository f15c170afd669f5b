package dev.ordersync.server.http;

import dev.ordersync.server.edge.OncePerMinute;
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
  private static final OncePerMinute LINES = new OncePerMinute(256);

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
    long suppressed = LINES.admit(kind);
    if (suppressed < 0) {
      return;
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
}
