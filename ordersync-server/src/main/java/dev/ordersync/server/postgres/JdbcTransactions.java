package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The unit of work on PostgreSQL: one transaction, open for the extent of the work (bound with a
 * {@link ScopedValue}, decision 22), so that every adapter called inside the work writes through
 * it. A unit of work started inside another joins it. The work's result is returned only after
 * COMMIT has succeeded, so nothing is acknowledged that is not durable.
 */
public final class JdbcTransactions implements UnitOfWork {
  /** What kind of unit of work a span is: its own transaction, or a unit of a group commit. */
  static final AttributeKey<String> KIND = AttributeKey.stringKey("ordersync.unit_of_work.kind");

  private final DataSource dataSource;
  private final Tracing tracing;
  private final ScopedValue<Open> open = ScopedValue.newInstance();

  /**
   * A unit of work in progress: its connection, the actions to run once it has committed, and the
   * steps to run just before its COMMIT ({@code beforeCommit} null: run such steps at once).
   */
  record Open(Connection connection, List<Runnable> afterCommit, List<LastStep> beforeCommit) {}

  /**
   * A step run just before COMMIT; steps run in the order of their keys, then of their
   * registration.
   */
  record LastStep(String key, Runnable action) {
    /**
     * Runs the steps in key order (a stable sort: steps of one key keep the order they came in).
     */
    static void runAll(List<LastStep> steps) {
      steps.sort(Comparator.comparing(LastStep::key));
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).action().run();
      }
    }
  }

  public JdbcTransactions(DataSource dataSource) {
    this(dataSource, Tracing.off());
  }

  /**
   * With each new unit of work inside a trace a span ("unit of work") around its statements and
   * COMMIT.
   */
  public JdbcTransactions(DataSource dataSource, Tracing tracing) {
    this.dataSource = dataSource;
    this.tracing = tracing;
  }

  Tracing tracing() {
    return tracing;
  }

  /** A span of a unit of work, ended by the caller; {@code kind} as in {@link #KIND}. */
  Span unitSpan(String kind) {
    return tracing.tracer().spanBuilder("unit of work").setAttribute(KIND, kind).startSpan();
  }

  /** Marks the span of a unit of work that failed. */
  static void failed(Span span, Throwable e) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute("error.type", e.getClass().getName());
  }

  /** A JDBC step that may throw SQLException. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  @Override
  public <T> T run(Supplier<T> work) {
    if (open.isBound()) {
      return work.get();
    }
    return runNew(work, false);
  }

  /**
   * Runs {@code work} in a REPEATABLE READ transaction of its own: every read sees one snapshot of
   * the database (a live feed's orders and its position, read together).
   */
  public <T> T runRepeatableRead(Supplier<T> work) {
    if (open.isBound()) {
      throw new IllegalStateException("a repeatable-read unit of work cannot join another");
    }
    return runNew(work, true);
  }

  private <T> T runNew(Supplier<T> work, boolean repeatableRead) {
    if (!tracing.on() || !Span.current().getSpanContext().isValid()) {
      // Only as part of a trace (a request, a socket's delivery): the server's timers and sweeps
      // start no traces of their own.
      return runNewUntraced(work, repeatableRead);
    }
    Span span = unitSpan(repeatableRead ? "transaction_repeatable_read" : "transaction");
    try (Scope ignored = span.makeCurrent()) {
      return runNewUntraced(work, repeatableRead);
    } catch (RuntimeException | Error e) {
      failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private <T> T runNewUntraced(Supplier<T> work, boolean repeatableRead) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      if (repeatableRead) {
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
    } catch (SQLException e) {
      throw new StorageException("could not begin a transaction", e);
    }
    Open unit = new Open(connection, new ArrayList<>(), new ArrayList<>());
    try {
      T result =
          within(
              unit,
              () -> {
                T done = work.get();
                // Locks taken by these steps are taken in one global order, so two transactions
                // cannot deadlock on them.
                LastStep.runAll(unit.beforeCommit());
                return done;
              });
      connection.commit();
      unit.afterCommit().forEach(Runnable::run);
      return result;
    } catch (SQLException e) {
      rollbackQuietly(connection);
      throw new StorageException("could not commit", lostIfClosed(connection, e));
    } catch (RuntimeException | Error e) {
      rollbackQuietly(connection);
      throw e;
    } finally {
      try {
        if (repeatableRead) {
          connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        connection.setAutoCommit(true);
        connection.close();
      } catch (SQLException ignored) {
        // The pool discards a connection that fails here.
      }
    }
  }

  /**
   * Runs a JDBC step on the current transaction, or on a connection of its own (auto-commit)
   * outside any.
   */
  public <T> T withConnection(SqlWork<T> step) {
    try {
      if (open.isBound()) {
        return step.apply(open.get().connection());
      }
      try (Connection own = dataSource.getConnection()) {
        return step.apply(own);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * Runs {@code action} once the current unit of work has committed (never if it rolls back); at
   * once outside any. For what cannot be undone, such as destroying a key.
   */
  public void afterCommit(Runnable action) {
    if (open.isBound()) {
      open.get().afterCommit().add(action);
    } else {
      action.run();
    }
  }

  /**
   * Runs {@code action} as the last step of the current unit of work, just before COMMIT, on its
   * connection; at once outside any. For a lock that should be held as briefly as possible (the
   * restaurant's feed position, decision 0011). Steps run in the order of {@code key} (then in the
   * order they were added), so that steps which lock rows lock them in one order in every
   * transaction: use the key of the row they lock.
   */
  public void beforeCommit(String key, Runnable action) {
    List<LastStep> steps = open.isBound() ? open.get().beforeCommit() : null;
    if (steps == null) {
      action.run();
    } else {
      steps.add(new LastStep(key, action));
    }
  }

  /**
   * Runs {@code work} with {@code unit} as its open unit of work: how {@link GroupCommit} runs each
   * unit of its shared transaction on the lane's thread.
   */
  <T> T within(Open unit, Supplier<T> work) {
    return ScopedValue.where(open, unit).call(work::get);
  }

  /** Whether the running work is inside a unit of work. */
  public boolean inTransaction() {
    return open.isBound();
  }

  static RuntimeException translate(SQLException e) {
    if (e instanceof SQLTransientConnectionException && e.getSQLState() == null) {
      return new StorageException("no database connection free in time: " + e.getMessage(), e);
    }
    return new StorageException("database error " + e.getSQLState() + ": " + e.getMessage(), e);
  }

  /**
   * {@code e}, or, when it has no SQL state and {@code connection} is closed, a connection failure
   * (08003) caused by it: once a statement has lost the connection, the pool closes it, and every
   * later call on it (a rollback, the COMMIT) fails with a plain "Connection is closed" that says
   * nothing of why; it must still count as the database going away (503), not as a bug (500).
   */
  static SQLException lostIfClosed(Connection connection, SQLException e) {
    if (e.getSQLState() != null) {
      return e;
    }
    try {
      if (connection.isClosed()) {
        return new SQLException("the connection was lost: " + e.getMessage(), "08003", e);
      }
    } catch (SQLException ignored) {
      // As good as closed, but say only what is known.
    }
    return e;
  }

  static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the server rolls the transaction back when it notices.
    }
  }
}
