package dev.ordersync.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an HTTP response said beside its body: like stripe-java's {@code getLastResponse()}. Get it
 * for a successful call with {@link OrderSyncClient#withResponse}, and for a failed one from {@link
 * ApiException#metadata()}.
 *
 * @param status the HTTP status
 * @param requestId {@code X-Request-Id}: quote it when asking for help; null if absent
 * @param idempotentReplayed {@code Idempotent-Replayed: true}: the server did not do the work again
 *     but replayed the answer it gave the first request with this idempotency key
 * @param etag the {@code ETag} header as sent (such as {@code "3"}), or null
 * @param rateLimit the {@code RateLimit-*} headers, or null when the server sent none
 * @param attempts how many times the request was sent (1 without retries)
 * @param headers every header, names in lower case
 */
public record ResponseMetadata(
    int status,
    String requestId,
    boolean idempotentReplayed,
    String etag,
    RateLimit rateLimit,
    int attempts,
    Map<String, List<String>> headers) {
  public ResponseMetadata {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    }
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * The version in the {@code ETag} ({@code "3"} is 3), for {@link RequestOptions#ifMatchVersion}.
   */
  public Optional<Long> version() {
    if (etag == null) {
      return Optional.empty();
    }
    String v = etag.startsWith("W/") ? etag.substring(2) : etag;
    v = v.replace("\"", "").strip();
    try {
      return Optional.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The first value of a header, by name (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The rate limit state after this request ({@code RateLimit-Limit}, {@code RateLimit-Remaining},
   * {@code RateLimit-Reset}).
   *
   * @param limit requests allowed in the window
   * @param remaining requests left in it
   * @param reset until the window resets
   */
  public record RateLimit(long limit, long remaining, Duration reset) {}
}
