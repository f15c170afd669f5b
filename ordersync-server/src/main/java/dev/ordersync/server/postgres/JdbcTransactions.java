package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The unit of work on PostgreSQL: one transaction, bound to the running thread so that every
 * adapter called inside the work writes through it. A unit of work started inside another joins it.
 * The work's result is returned only after COMMIT has succeeded, so nothing is acknowledged that is
 * not durable.
 */
public final class JdbcTransactions implements UnitOfWork {
  private final DataSource dataSource;
  private final ThreadLocal<Connection> current = new ThreadLocal<>();
  private final ThreadLocal<java.util.List<Runnable>> afterCommit = new ThreadLocal<>();
  private final ThreadLocal<java.util.List<LastStep>> beforeCommit = new ThreadLocal<>();

  /**
   * A step run just before COMMIT; steps run in the order of their keys, then of their
   * registration.
   */
  record LastStep(String key, Runnable action) {
    /**
     * Runs the steps in key order (a stable sort: steps of one key keep the order they came in).
     */
    static void runAll(java.util.List<LastStep> steps) {
      steps.sort(java.util.Comparator.comparing(LastStep::key));
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).action().run();
      }
    }
  }

  public JdbcTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A JDBC step that may throw SQLException. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  @Override
  public <T> T run(Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    return runNew(work, false);
  }

  /**
   * Runs {@code work} in a REPEATABLE READ transaction of its own: every read sees one snapshot of
   * the database (a live feed's orders and its position, read together).
   */
  public <T> T runRepeatableRead(Supplier<T> work) {
    if (current.get() != null) {
      throw new IllegalStateException("a repeatable-read unit of work cannot join another");
    }
    return runNew(work, true);
  }

  private <T> T runNew(Supplier<T> work, boolean repeatableRead) {
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
    current.set(connection);
    afterCommit.set(new java.util.ArrayList<>());
    beforeCommit.set(new java.util.ArrayList<>());
    try {
      T result = work.get();
      // Locks taken by these steps are taken in one global order, so two transactions cannot
      // deadlock on them.
      LastStep.runAll(beforeCommit.get());
      connection.commit();
      java.util.List<Runnable> actions = afterCommit.get();
      afterCommit.remove();
      actions.forEach(Runnable::run);
      return result;
    } catch (SQLException e) {
      rollbackQuietly(connection);
      throw new StorageException("could not commit", e);
    } catch (RuntimeException | Error e) {
      rollbackQuietly(connection);
      throw e;
    } finally {
      current.remove();
      afterCommit.remove();
      beforeCommit.remove();
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
    Connection bound = current.get();
    try {
      if (bound != null) {
        return step.apply(bound);
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
    java.util.List<Runnable> actions = afterCommit.get();
    if (actions == null) {
      action.run();
    } else {
      actions.add(action);
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
    java.util.List<LastStep> actions = beforeCommit.get();
    if (actions == null) {
      action.run();
    } else {
      actions.add(new LastStep(key, action));
    }
  }

  /**
   * Binds a transaction that {@link GroupCommit} runs to this thread while one unit of it runs
   * here.
   */
  void bind(
      Connection connection,
      java.util.List<Runnable> afterCommitActions,
      java.util.List<LastStep> beforeCommitActions) {
    current.set(connection);
    afterCommit.set(afterCommitActions);
    beforeCommit.set(beforeCommitActions);
  }

  void unbind() {
    current.remove();
    afterCommit.remove();
    beforeCommit.remove();
  }

  /** Whether a unit of work is open on this thread. */
  public boolean inTransaction() {
    return current.get() != null;
  }

  static RuntimeException translate(SQLException e) {
    if (e instanceof java.sql.SQLTransientConnectionException && e.getSQLState() == null) {
      return new StorageException("no database connection free in time: " + e.getMessage(), e);
    }
    return new StorageException("database error " + e.getSQLState() + ": " + e.getMessage(), e);
  }

  static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the server rolls the transaction back when it notices.
    }
  }
}
