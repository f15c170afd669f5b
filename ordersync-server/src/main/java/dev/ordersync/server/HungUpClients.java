package dev.ordersync.server;

import dev.ordersync.server.edge.OncePerMinute;
import io.helidon.common.buffers.DataReader;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Helidon logs a client that hangs up in the middle of its request line or headers as an "Internal
 * server error" warning with a stack trace: the usual end of a slow-loris connection, so an
 * attacker could write a trace per connection. This filter on Helidon's HTTP/1 logger drops those
 * records (their cause is the end of the client's data, nothing on our side) and logs instead one
 * line a minute at most, with how many there were. Every other record passes as before.
 */
final class HungUpClients implements Filter {
  private static final Logger HELIDON =
      Logger.getLogger("io.helidon.webserver.http1.Http1Connection");
  private static final Logger LOG = Logger.getLogger(HungUpClients.class.getName());
  private static final OncePerMinute LINES = new OncePerMinute(1);

  private final Filter previous;

  private HungUpClients(Filter previous) {
    this.previous = previous;
  }

  /** Puts the filter on Helidon's logger, once per process. */
  static synchronized void install() {
    Filter current = HELIDON.getFilter();
    if (!(current instanceof HungUpClients)) {
      HELIDON.setFilter(new HungUpClients(current));
    }
  }

  @Override
  public boolean isLoggable(LogRecord r) {
    if (hungUp(r.getThrown())) {
      count();
      return false;
    }
    return previous == null || previous.isLoggable(r);
  }

  private static boolean hungUp(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DataReader.InsufficientDataAvailableException) {
        return true;
      }
    }
    return false;
  }

  private static void count() {
    long since = LINES.admit("hung_up");
    if (since >= 0) {
      LOG.log(
          Level.INFO,
          () ->
              "client fault hung_up: a connection closed by the client in the middle of a request"
                  + " line or headers"
                  + (since == 0 ? "" : " (" + since + " more in the last minute)")
                  + "; the next are counted for a minute");
    }
  }
}
