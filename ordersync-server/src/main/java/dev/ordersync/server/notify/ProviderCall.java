package dev.ordersync.server.notify;

import dev.ordersync.core.notify.SendOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What both adapters share: one HTTP client with a connect time-out, one request sent without
 * retries (the deliverer retries, with backoff), and the network's failures as outcomes.
 *
 * <p>The line between "retry later" and "unknown" is whether the request may have reached the
 * provider: a connection that could not be made sent nothing; a time-out or a broken connection
 * after it was made may have delivered the whole request, so its fate is unknown. Messages built
 * here never carry the request's headers or body, where the keys are.
 */
final class ProviderCall {
  private final HttpClient http;
  private final String provider;

  ProviderCall(String provider, Duration connectTimeout) {
    this.provider = provider;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The provider's answer, or the outcome the network decided. */
  sealed interface Result {}

  record Answered(HttpResponse<byte[]> response) implements Result {}

  record Failed(SendOutcome outcome) implements Result {}

  Result send(HttpRequest request) {
    try {
      return new Answered(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException e) {
      // No connection was made: nothing reached the provider, sending again is safe.
      return new Failed(
          new SendOutcome.RetryLater(
              "connect_failed", provider + " cannot be reached: " + describe(e), null));
    } catch (HttpTimeoutException e) {
      return new Failed(
          new SendOutcome.Unknown(
              provider + " did not answer in time; the message may have been sent"));
    } catch (IOException e) {
      if (isConnectFailure(e)) {
        return new Failed(
            new SendOutcome.RetryLater(
                "connect_failed", provider + " cannot be reached: " + describe(e), null));
      }
      return new Failed(
          new SendOutcome.Unknown(
              "the connection to "
                  + provider
                  + " broke before its answer ("
                  + describe(e)
                  + "); the message may have been sent"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed(
          new SendOutcome.Unknown(
              "interrupted while waiting for " + provider + "; the message may have been sent"));
    }
  }

  /** A ConnectException wrapped by the client (it sometimes wraps the cause in an IOException). */
  private static boolean isConnectFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  /** Retry-After as seconds or an HTTP date, or null when absent or unreadable; never negative. */
  static Duration retryAfter(HttpResponse<?> response, Clock clock) {
    Optional<String> v = response.headers().firstValue("Retry-After");
    if (v.isEmpty()) {
      return null;
    }
    String s = v.get().strip();
    try {
      return nonNegative(Duration.ofSeconds(Long.parseLong(s)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return nonNegative(Duration.between(clock.instant(), at));
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The start of a body for a message: at most 200 characters, on one line. */
  static String excerpt(byte[] body) {
    String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
