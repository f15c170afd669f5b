package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.TransientFailure;
import java.sql.SQLException;

/**
 * The database failed in a way the caller cannot fix: unreachable, or an error that is a bug of
 * ours.
 */
public final class StorageException extends RuntimeException implements TransientFailure {
  private final boolean unavailable;

  StorageException(String message, SQLException cause) {
    super(message, cause);
    String state = cause.getSQLState();
    // SQLTransientConnectionException without a state: the pool had no connection free in time
    // (overload).
    this.unavailable =
        cause instanceof java.sql.SQLTransientConnectionException
            || state != null
                && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
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
    return unavailable;
  }
}
