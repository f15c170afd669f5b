package dev.ordersync.sdk.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  /** Told of every attempt, for the SDK's request listeners. */
  @FunctionalInterface
  public interface AttemptObserver {
    /**
     * @param number 1 for the first attempt
     * @param response the response, or null when none came
     * @param failure why none came, or null
     * @param retryIn the wait before the next attempt, or null when there is none
     */
    void attempt(
        HttpRequest request,
        int number,
        HttpResponse<byte[]> response,
        IOException failure,
        Duration took,
        Duration retryIn);

    AttemptObserver NONE = (request, number, response, failure, took, retryIn) -> {};
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
    return send(request, repeatable, null, AttemptObserver.NONE).response();
  }

  /** A response and how many attempts it took. */
  public record Result(HttpResponse<byte[]> response, int attempts) {}

  /**
   * As {@link #send(HttpRequest, boolean)}, within an overall {@code deadline} (null for none):
   * each attempt's timeout is cut to what is left, and no retry starts that could not end in time.
   */
  public Result send(
      HttpRequest request, boolean repeatable, Instant deadline, AttemptObserver observer)
      throws ExchangeFailed, InterruptedException {
    Duration perAttempt = request.timeout().orElse(null);
    for (int retry = 0; ; retry++) {
      HttpRequest attempt = request;
      if (deadline != null) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          throw new ExchangeFailed(
              new HttpTimeoutException("the call's deadline passed before attempt " + (retry + 1)),
              retry);
        }
        if (perAttempt == null || left.compareTo(perAttempt) < 0) {
          attempt = HttpRequest.newBuilder(request, (n, v) -> true).timeout(left).build();
        }
      }
      long started = System.nanoTime();
      HttpResponse<byte[]> response;
      try {
        response = client.send(attempt, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        boolean nothingSent =
            e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
        Duration delay = backoff.delay(retry);
        if (retry < maxRetries && (nothingSent || repeatable) && fits(delay, deadline)) {
          observer.attempt(attempt, retry + 1, null, e, took, delay);
          Thread.sleep(delay.toMillis());
          continue;
        }
        observer.attempt(attempt, retry + 1, null, e, took, null);
        throw new ExchangeFailed(e, retry + 1);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (retry < maxRetries && repeatable && worthRetrying(request, response)) {
        Optional<Duration> asked =
            RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
        Duration delay = backoff.delay(retry);
        if (asked.isPresent() && asked.get().compareTo(delay) > 0) {
          delay = asked.get();
        }
        boolean tooLong = asked.isPresent() && asked.get().compareTo(MAX_RETRY_AFTER) > 0;
        if (!tooLong && fits(delay, deadline)) {
          observer.attempt(attempt, retry + 1, response, null, took, delay);
          Thread.sleep(delay.toMillis());
          continue;
        }
      }
      observer.attempt(attempt, retry + 1, response, null, took, null);
      return new Result(response, retry + 1);
    }
  }

  /** Whether waiting {@code delay} still leaves time for an attempt before the deadline. */
  private boolean fits(Duration delay, Instant deadline) {
    return deadline == null || clock.instant().plus(delay).isBefore(deadline);
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
