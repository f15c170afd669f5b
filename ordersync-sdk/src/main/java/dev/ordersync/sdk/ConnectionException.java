package dev.ordersync.sdk;

/**
 * No response came: the server could not be reached, the connection broke, the request timed out,
 * or the call's deadline passed. Whether the server acted on the request is unknown unless it
 * carried an idempotency key, in which case sending it again with the same key is safe. {@link
 * #status()} is 0.
 */
public final class ConnectionException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }

  public ConnectionException(String message) {
    super(message, null);
  }
}
