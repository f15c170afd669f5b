package dev.ordersync.server.postgres;

/**
 * The database could not be started or reached; the message is one line meant for the person
 * starting the server.
 */
public final class DatabaseStartException extends RuntimeException {
  public DatabaseStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
