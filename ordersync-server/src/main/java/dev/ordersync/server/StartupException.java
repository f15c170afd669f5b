package dev.ordersync.server;

/**
 * The server cannot start; the message is one line for the person who started it, with what to do
 * about it.
 */
public final class StartupException extends RuntimeException {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
