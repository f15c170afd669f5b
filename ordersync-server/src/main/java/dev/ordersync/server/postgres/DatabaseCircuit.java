package dev.ordersync.server.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Whether the database answers, so that requests are refused at once while it does not (decision
 * 30) instead of each waiting out the pool's connection timeout.
 *
 * <p>It closes (refusing) when a probe fails: a probe is one plain connection of its own, opened
 * outside the pool and bounded to a second, and it runs when the pool gives a request no connection
 * within a fraction of a second or fails to make one. While closed, a probe runs every {@link
 * #PROBE_EVERY_MILLIS} ms; the first that succeeds runs {@code onReturn} (the pools are replaced: a
 * pool that kept failing waits up to 5 s between its attempts to connect, and holds connections to
 * the database that went away) and opens the circuit again. So the database's return is noticed
 * within a fraction of a second, and no request waits on a pool that has not noticed.
 */
final class DatabaseCircuit implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DatabaseCircuit.class.getName());

  /** How often a probe runs while the database is down. */
  static final long PROBE_EVERY_MILLIS = 100;

  /** The least time between two probes run on suspicion while the database is thought up. */
  private static final long SUSPICION_EVERY_NANOS = 250_000_000L;

  private final DataSource direct;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong lastSuspicion =
      new AtomicLong(System.nanoTime() - SUSPICION_EVERY_NANOS);
  private volatile Runnable onReturn = () -> {};
  private volatile boolean closed;

  /**
   * A request refused without trying, because the database is known to be unreachable; its state is
   * 08001 (the client cannot connect).
   */
  static final class Refused extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("the database is unreachable; refused without waiting for a connection", "08001");
    }
  }

  /**
   * @param direct plain connections of the pool's user (not pooled), with short connect and socket
   *     timeouts
   */
  DatabaseCircuit(DataSource direct) {
    this.direct = direct;
  }

  /** What to run when the database answers again, before requests are let through. */
  void onReturn(Runnable action) {
    this.onReturn = action;
  }

  /** Whether the database is known to be unreachable. */
  boolean down() {
    return down.get();
  }

  /** Throws {@link Refused} while the database is known to be unreachable. */
  void refuseIfDown() throws Refused {
    if (down.get()) {
      throw new Refused();
    }
  }

  /**
   * The pool was slow to give a connection, or failed to make one: a probe finds out, in the
   * background, whether the database went away (at most one at a time, and a few a second).
   */
  void suspect() {
    suspect(() -> false);
  }

  /**
   * As {@link #suspect()}; and if the database does answer while {@code empty} says the pool has no
   * connection at all (it restarted and the pool is backing off), the pools are renewed at once.
   */
  void suspect(java.util.function.BooleanSupplier empty) {
    long now = System.nanoTime();
    long last = lastSuspicion.get();
    if (down.get()
        || now - last < SUSPICION_EVERY_NANOS
        || !lastSuspicion.compareAndSet(last, now)
        || !probing.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("database-suspicion")
        .start(
            () -> {
              try {
                if (!reachable()) {
                  goDown();
                } else if (empty.getAsBoolean() && renewed()) {
                  LOG.info(
                      "the database answers but the pool had no connection left: renewed it"
                          + " rather than wait for its reconnection backoff");
                }
              } finally {
                probing.set(false);
              }
            });
  }

  private void goDown() {
    if (closed || !down.compareAndSet(false, true)) {
      return;
    }
    LOG.warning(
        "the database is unreachable: requests that need it are answered 503 at once until it"
            + " answers again (probed every "
            + PROBE_EVERY_MILLIS
            + " ms)");
    Thread.ofPlatform().daemon().name("database-return").start(this::waitForReturn);
  }

  private void waitForReturn() {
    long since = System.nanoTime();
    while (!closed) {
      try {
        Thread.sleep(PROBE_EVERY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (reachable() && renewed()) {
        down.set(false);
        long millis = (System.nanoTime() - since) / 1_000_000;
        LOG.warning(() -> "the database answers again (it was unreachable for " + millis + " ms)");
        return;
      }
    }
  }

  private boolean renewed() {
    try {
      onReturn.run();
      return true;
    } catch (RuntimeException e) {
      LOG.fine(() -> "the database answered but the pool could not be renewed yet: " + e);
      return false;
    }
  }

  /** One connection of its own and a {@code SELECT 1}, bounded by the data source's timeouts. */
  boolean reachable() {
    try (Connection c = direct.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
