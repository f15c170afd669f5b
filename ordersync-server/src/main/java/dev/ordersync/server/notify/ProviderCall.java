package dev.ordersync.server.notify;

import dev.ordersync.core.notify.SendOutcome;
import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
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
  private final Tracing tracing;

  ProviderCall(String provider, Duration connectTimeout) {
    this(provider, connectTimeout, Tracing.off());
  }

  /**
   * @param tracing each request is a client span, and the provider receives its {@code traceparent}
   *     (decision 41)
   */
  ProviderCall(String provider, Duration connectTimeout, Tracing tracing) {
    this.provider = provider;
    this.tracing = tracing;
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

  /**
   * Sends the request and waits at most its time-out (plus a little, so that the client's own
   * time-out normally fires first) for the whole answer, body included: a provider that sends its
   * headers and then stalls is bounded too.
   */
  Result send(HttpRequest request) {
    if (!tracing.on()) {
      return sendUntraced(request);
    }
    String path = request.uri().getRawPath();
    Span span =
        tracing
            .tracer()
            .spanBuilder(request.method() + " " + path)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("http.request.method", request.method())
            .setAttribute("url.template", path)
            .setAttribute("server.address", request.uri().getHost())
            .setAttribute("peer.service", provider)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      HttpRequest.Builder traced = HttpRequest.newBuilder(request, (name, value) -> true);
      Tracing.inject(traced::setHeader);
      Result result = sendUntraced(traced.build());
      switch (result) {
        case Answered a -> {
          span.setAttribute("http.response.status_code", (long) a.response().statusCode());
          if (a.response().statusCode() >= 400) {
            span.setStatus(StatusCode.ERROR);
          }
        }
        case Failed f -> {
          span.setStatus(StatusCode.ERROR);
          span.setAttribute("error.type", f.outcome().getClass().getSimpleName());
        }
      }
      return result;
    } finally {
      span.end();
    }
  }

  private Result sendUntraced(HttpRequest request) {
    Duration bound = request.timeout().orElse(Duration.ofSeconds(30)).plus(Duration.ofMillis(250));
    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer;
    try {
      answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      // Refused before anything went out (a header the client will not send, say).
      return new Failed(
          new SendOutcome.RetryLater(
              "client_error",
              "the request to " + provider + " was not sent: " + describe(e),
              null));
    }
    try {
      return new Answered(answer.get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      answer.cancel(true);
      return new Failed(
          new SendOutcome.Unknown(
              provider + " did not answer in time; the message may have been sent"));
    } catch (java.util.concurrent.ExecutionException e) {
      return new Failed(failure(e.getCause() == null ? e : e.getCause()));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Failed(
          new SendOutcome.Unknown(
              "interrupted while waiting for " + provider + "; the message may have been sent"));
    }
  }

  /** What a failed exchange means: nothing sent (retry later) or perhaps sent (unknown). */
  private SendOutcome failure(Throwable e) {
    if (isConnectFailure(e)) {
      // No connection was made: nothing reached the provider, sending again is safe.
      return new SendOutcome.RetryLater(
          "connect_failed", provider + " cannot be reached: " + describe(e), null);
    }
    if (e instanceof HttpTimeoutException) {
      return new SendOutcome.Unknown(
          provider + " did not answer in time; the message may have been sent");
    }
    return new SendOutcome.Unknown(
        "the exchange with "
            + provider
            + " failed before its answer ("
            + describe(e)
            + "); the message may have been sent");
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
