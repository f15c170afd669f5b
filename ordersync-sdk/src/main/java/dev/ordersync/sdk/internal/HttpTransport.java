package dev.ordersync.sdk.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one API request, retrying when that is safe.
 *
 * <p>A request is <em>repeatable</em> when sending it twice cannot do the work twice: a GET, or a
 * request carrying an {@code Idempotency-Key} (the server replays the first answer). Repeatable
 * requests are retried after a connection failure or timeout, after 502, 503 and 504, and after 409
 * {@code idempotency_key_in_use} (the first attempt is still running on the server; the retry will
 * get its answer). Any request is retried when the connection could not even be opened, since then
 * nothing was sent. Nothing else is retried: a POST without a key that may have reached the server
 * is left to the caller to judge.
 */
public final class HttpTransport {
  /**
   * The longest {@code Retry-After} we wait for on our own; beyond it the error goes to the caller.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private final HttpClient client;
  private final int maxRetries;
  private final Backoff backoff;
  private final Clock clock;

  public HttpTransport(HttpClient client, int maxRetries, Backoff backoff) {
    this(client, maxRetries, backoff, Clock.systemUTC());
  }

  HttpTransport(HttpClient client, int maxRetries, Backoff backoff, Clock clock) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative");
    }
    this.client = client;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.clock = clock;
  }

  public HttpClient client() {
    return client;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public Backoff backoff() {
    return backoff;
  }

  /** The request could not be exchanged at all; {@link #attempts()} says how often it was tried. */
  public static final class ExchangeFailed extends IOException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    ExchangeFailed(IOException cause, int attempts) {
      super(
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
          cause);
      this.attempts = attempts;
    }

    public int attempts() {
      return attempts;
    }
  }

  /**
   * Sends {@code request}, retrying as described above, and returns the last response received,
   * successful or not.
   *
   * @throws ExchangeFailed when no response came, after the retries allowed
   * @throws InterruptedException when the calling thread is interrupted while sending or waiting to
   *     retry
   */
  public HttpResponse<byte[]> send(HttpRequest request, boolean repeatable)
      throws ExchangeFailed, InterruptedException {
    for (int retry = 0; ; retry++) {
      HttpResponse<byte[]> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        boolean nothingSent =
            e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
        if (retry < maxRetries && (nothingSent || repeatable)) {
          Thread.sleep(backoff.delay(retry));
          continue;
        }
        throw new ExchangeFailed(e, retry + 1);
      }
      if (retry < maxRetries && repeatable && worthRetrying(request, response)) {
        Optional<Duration> asked =
            RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
        if (asked.isPresent() && asked.get().compareTo(MAX_RETRY_AFTER) > 0) {
          return response;
        }
        Duration delay = backoff.delay(retry);
        if (asked.isPresent() && asked.get().compareTo(delay) > 0) {
          delay = asked.get();
        }
        Thread.sleep(delay);
        continue;
      }
      return response;
    }
  }

  private static boolean worthRetrying(HttpRequest request, HttpResponse<byte[]> response) {
    return switch (response.statusCode()) {
      case 502, 503, 504 -> true;
      case 409 ->
          request.headers().firstValue("Idempotency-Key").isPresent()
              && "idempotency_key_in_use".equals(Json.problemCode(response.body()));
      default -> false;
    };
  }
}
