package dev.ordersync.server;

import io.helidon.common.buffers.DataReader;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final Filter previous;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime() - MINUTE_NANOS);

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

  private void count() {
    long n = count.incrementAndGet();
    long now = System.nanoTime();
    long started = windowStart.get();
    if (now - started >= MINUTE_NANOS && windowStart.compareAndSet(started, now)) {
      long seen = count.getAndSet(0);
      LOG.log(
          Level.INFO,
          () ->
              "client fault hung_up: "
                  + seen
                  + " connection(s) closed by the client in the middle of a request line or"
                  + " headers since the last such line; the next are counted for a minute");
    } else if (n < 0) {
      count.set(0);
    }
  }
}
