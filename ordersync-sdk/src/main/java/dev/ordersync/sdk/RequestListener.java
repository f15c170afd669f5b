package dev.ordersync.sdk;

import java.net.URI;
import java.time.Duration;

/**
 * Sees every HTTP attempt the client makes, retries included: for logs and metrics. Called on the
 * calling thread after each attempt; it must be quick and must not throw (what it throws is
 * ignored). Set one for a client ({@link OrderSyncClient.Builder#listener}) or a call ({@link
 * RequestOptions.Builder#listener}).
 */
@FunctionalInterface
public interface RequestListener {
  void onAttempt(Attempt attempt);

  /**
   * One attempt of one call.
   *
   * @param method the HTTP method
   * @param uri the full URI
   * @param number 1 for the first attempt, 2 for the first retry...
   * @param status the response's status, or 0 when none came
   * @param requestId the response's {@code X-Request-Id}, or the one sent, or null
   * @param failure why no response came, or null
   * @param took how long the attempt took
   * @param retryIn the wait before the next attempt, or null when this was the last
   */
  record Attempt(
      String method,
      URI uri,
      int number,
      int status,
      String requestId,
      Throwable failure,
      Duration took,
      Duration retryIn) {
    /** Whether the client will try again. */
    public boolean willRetry() {
      return retryIn != null;
    }
  }
}
