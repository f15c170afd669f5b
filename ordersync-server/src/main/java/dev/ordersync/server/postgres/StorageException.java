package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.TransientFailure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The database failed in a way the caller cannot fix: unreachable, or an error that is a bug of
 * ours.
 */
public final class StorageException extends RuntimeException implements TransientFailure {
  private final boolean unavailable;
  private final boolean refused;
  private final boolean contended;

  StorageException(String message, SQLException cause) {
    super(message, cause);
    this.unavailable = connectionLost(cause);
    this.refused = cause instanceof DatabaseCircuit.Refused;
    this.contended = contended(cause);
  }

  /**
   * Whether PostgreSQL gave up the statement to let another transaction through: a deadlock victim
   * (40P01) or a serialization failure (40001). Nothing of it was kept, and the same request sent
   * again (with its {@code Idempotency-Key}) may pass: instances sharing restaurants can take their
   * rows in opposite orders (GroupCommit runs such a unit again twice before giving up).
   */
  static boolean contended(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StorageException s && s.contended) {
        return true;
      }
      if (t instanceof SQLException s
          && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} or anything in its chain of causes says that the database could not be
   * reached, went away, is shutting down or has no connection to spare: the connection-class SQL
   * states (08xxx), an administrator's shutdown or termination (57P01 to 57P03), too many
   * connections (53300), or the pool's own {@link SQLTransientConnectionException} (no connection
   * free in time). A failure re-wrapped on its way up (a batch of the group commit that broke at
   * its last step) keeps its cause, so it is still recognised.
   */
  public static boolean connectionLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StorageException s && s.unavailable) {
        return true;
      }
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && connectionState(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static boolean connectionState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")
            || state.equals("53300"));
  }

  /**
   * Whether the database could not be reached, is shutting down, or had no connection free in time
   * (try again later), rather than a failed statement.
   */
  public boolean unavailable() {
    return unavailable;
  }

  @Override
  public boolean transientFailure() {
    return unavailable || contended;
  }

  /**
   * One second when the request was refused without trying because the database is known to be down
   * (its return is noticed within a fraction of a second), or lost to another transaction (a
   * deadlock, a serialization failure: sent again it is likely to pass); otherwise the default.
   */
  @Override
  public int retryAfterSeconds() {
    return refused || contended ? 1 : TransientFailure.super.retryAfterSeconds();
  }
}
