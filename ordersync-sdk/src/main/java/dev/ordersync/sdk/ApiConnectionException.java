package dev.ordersync.sdk;

import java.util.List;

/**
 * No response came: the server could not be reached, the connection broke, or the request timed
 * out. Whether the server acted on the request is unknown unless it carried an idempotency key, in
 * which case sending it again with the same key is safe. {@link #status()} is 0.
 */
public final class ApiConnectionException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  ApiConnectionException(String detail, Throwable cause) {
    super(0, null, null, detail, List.of(), cause);
  }
}
