package dev.ordersync.server.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A HikariCP pool behind the {@link DatabaseCircuit}: while the database is known to be down a
 * connection is refused at once ({@link DatabaseCircuit.Refused}, answered 503 with {@code
 * Retry-After}); otherwise the pool is asked in slices of {@link #SLICE_MILLIS} ms up to its
 * connection timeout, and a slice that ends without a connection makes the circuit probe the
 * database, so that the requests already waiting are refused as soon as the probe finds it down.
 * When the database returns, {@link #renew} replaces the pool with a fresh one.
 */
final class GatedPool implements DataSource, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GatedPool.class.getName());

  /** How long one ask of the pool lasts before the circuit is consulted again. */
  static final long SLICE_MILLIS = 250;

  private final HikariConfig config;
  private final DatabaseCircuit circuit;
  private final AtomicReference<HikariDataSource> current;

  GatedPool(HikariConfig config, DatabaseCircuit circuit) {
    this.config = config;
    this.circuit = circuit;
    this.current = new AtomicReference<>(new HikariDataSource(config));
  }

  @Override
  public Connection getConnection() throws SQLException {
    long timeout = config.getConnectionTimeout();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    while (true) {
      circuit.refuseIfDown();
      HikariDataSource pool = current.get();
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        return ((HikariPool) pool.getHikariPoolMXBean())
            .getConnection(Math.max(1, Math.min(SLICE_MILLIS, left)));
      } catch (SQLTransientConnectionException e) {
        circuit.suspect(this::empty);
        if (left <= SLICE_MILLIS) {
          throw e;
        }
      } catch (SQLException e) {
        if (pool.isClosed() && current.get() != pool) {
          continue; // replaced while this request waited on it: ask the new one
        }
        circuit.suspect(this::empty);
        throw e;
      }
    }
  }

  /**
   * Whether the pool holds no connection at all while requests wait for one: after the database
   * restarted, every pooled connection died and Hikari's own reconnection backs off for seconds
   * even once the database answers again.
   */
  boolean empty() {
    var pool = current.get().getHikariPoolMXBean();
    return pool != null && pool.getTotalConnections() == 0;
  }

  /**
   * Whether every connection of the pool is in use: the database is answering the requests that
   * hold them (were it not, the circuit would be down), so the instance is busy, not unready.
   */
  boolean busy() {
    var pool = current.get().getHikariPoolMXBean();
    return pool != null
        && pool.getIdleConnections() == 0
        && pool.getActiveConnections() >= config.getMaximumPoolSize();
  }

  /** The pool as it is now, for the metrics (zeros before its first connection). */
  Database.PoolState state() {
    var pool = current.get().getHikariPoolMXBean();
    return pool == null
        ? new Database.PoolState(0, 0, 0, config.getMaximumPoolSize())
        : new Database.PoolState(
            pool.getActiveConnections(),
            pool.getIdleConnections(),
            pool.getThreadsAwaitingConnection(),
            config.getMaximumPoolSize());
  }

  /**
   * Replaces the pool with a fresh one (whose first connection is made here, so this throws if the
   * database does not answer) and closes the old one in the background.
   */
  void renew() {
    HikariDataSource fresh = new HikariDataSource(config);
    HikariDataSource old = current.getAndSet(fresh);
    Thread.ofVirtual()
        .name("pool-close")
        .start(
            () -> {
              old.close();
              LOG.fine(() -> "closed the pool of the database that went away");
            });
  }

  @Override
  public void close() {
    current.get().close();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool has its own credentials");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return current.get().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    current.get().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    current.get().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return current.get().getLoginTimeout();
  }

  @Override
  public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return current.get().getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return current.get().unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || current.get().isWrapperFor(iface);
  }
}
