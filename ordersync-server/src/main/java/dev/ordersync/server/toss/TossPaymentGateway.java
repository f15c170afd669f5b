package dev.ordersync.server.toss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.core.payment.GatewayException;
import dev.ordersync.core.payment.GatewayPayment;
import dev.ordersync.core.payment.PaymentGateway;
import dev.ordersync.core.shared.Won;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link PaymentGateway} over Toss Payments' API v1: {@code Authorization: Basic base64(secretKey +
 * ":")}, JSON bodies, an {@code Idempotency-Key} on every POST, and a time-out on every call.
 *
 * <p>Retries only where they cannot do anything twice: look-ups (GET) are retried on network
 * errors, time-outs and 5xx; a POST is retried only when it never reached Toss (the connection
 * could not be made) or when Toss says a request with its key is still in flight (409 {@code
 * IDEMPOTENT_REQUEST_PROCESSING}), always with the same key. A POST that timed out is reported as
 * {@code Unavailable(outcomeUnknown)}: only a look-up can say whether it was carried out.
 */
public final class TossPaymentGateway implements PaymentGateway {
  private static final Logger LOG = Logger.getLogger(TossPaymentGateway.class.getName());
  private static final int ATTEMPTS = 3;

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;
  private final Tracing tracing;

  public TossPaymentGateway(URI base, String secretKey, Duration timeout) {
    this(base, secretKey, timeout, Tracing.off());
  }

  /**
   * @param tracing each call is a client span, and Toss receives its {@code traceparent}
   */
  public TossPaymentGateway(URI base, String secretKey, Duration timeout, Tracing tracing) {
    this.tracing = tracing;
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public GatewayPayment confirm(
      String paymentKey, String orderId, Won amount, String idempotencyKey) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("paymentKey", paymentKey);
    body.put("orderId", orderId);
    body.put("amount", amount.amount());
    return traced(
        "POST",
        "/v1/payments/confirm",
        () -> payment(post("/v1/payments/confirm", body, idempotencyKey)));
  }

  @Override
  public Optional<GatewayPayment> lookUp(String paymentKey) {
    return traced(
        "GET",
        "/v1/payments/{paymentKey}",
        () -> get("/v1/payments/" + encode(paymentKey)).map(TossPaymentGateway::payment));
  }

  @Override
  public Optional<GatewayPayment> lookUpByOrderId(String orderId) {
    return traced(
        "GET",
        "/v1/payments/orders/{orderId}",
        () -> get("/v1/payments/orders/" + encode(orderId)).map(TossPaymentGateway::payment));
  }

  @Override
  public GatewayPayment cancel(
      String paymentKey, String reason, Won amount, String idempotencyKey) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("cancelReason", reason);
    if (amount != null) {
      body.put("cancelAmount", amount.amount());
    }
    return traced(
        "POST",
        "/v1/payments/{paymentKey}/cancel",
        () ->
            payment(post("/v1/payments/" + encode(paymentKey) + "/cancel", body, idempotencyKey)));
  }

  /**
   * Runs one call to Toss (with its retries) as a client span, current while its requests are built
   * so that they carry its {@code traceparent}.
   */
  private <T> T traced(String method, String template, java.util.function.Supplier<T> call) {
    if (!tracing.on()) {
      return call.get();
    }
    Span span =
        tracing
            .tracer()
            .spanBuilder(method + " " + template)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("http.request.method", method)
            .setAttribute("url.template", template)
            .setAttribute("server.address", base.getHost())
            .setAttribute("peer.service", "toss")
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return call.get();
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute("error.type", e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }

  private JsonNode post(String path, ObjectNode body, String idempotencyKey) {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
            .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpConnectTimeoutException | ConnectException e) {
        // Never reached Toss: safe to send again.
        if (attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw new GatewayException.Unavailable(null, "Toss cannot be reached: " + e, false);
      } catch (HttpTimeoutException e) {
        throw new GatewayException.Unavailable(null, "Toss did not answer within " + timeout, true);
      } catch (IOException e) {
        throw new GatewayException.Unavailable(null, "the connection to Toss failed: " + e, true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayException.Unavailable(null, "interrupted while waiting for Toss", true);
      }
      int status = response.statusCode();
      Span.current().setAttribute("http.response.status_code", status);
      if (status == 200) {
        return parse(response.body());
      }
      Error error = error(response.body());
      if (status == 409 && "IDEMPOTENT_REQUEST_PROCESSING".equals(error.code())) {
        if (attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw new GatewayException.Unavailable(error.code(), error.message(), true);
      }
      throw failure(status, error);
    }
  }

  /**
   * A look-up: retried on network errors and 5xx (reading twice is harmless); a 404 is an empty
   * answer.
   */
  private Optional<JsonNode> get(String path) {
    HttpRequest request = request(path).GET().build();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        Span.current().setAttribute("http.response.status_code", status);
        if (status == 200) {
          return Optional.of(parse(response.body()));
        }
        Error error = error(response.body());
        if (status == 404) {
          return Optional.empty();
        }
        if (status >= 500 && attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw failure(status, error);
      } catch (HttpTimeoutException e) {
        // Not retried: the caller already waited the whole time-out once.
        throw new GatewayException.Unavailable(null, "Toss did not answer within " + timeout, true);
      } catch (IOException e) {
        if (attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw new GatewayException.Unavailable(null, "Toss cannot be reached: " + e, true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayException.Unavailable(null, "interrupted while waiting for Toss", true);
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    Tracing.inject(request::header);
    return request;
  }

  private static GatewayException failure(int status, Error error) {
    if (status >= 500 || status == 429) {
      return new GatewayException.Unavailable(
          error.code(), "Toss failed (" + status + "): " + error.message(), false);
    }
    return new GatewayException.Declined(error.code(), error.message(), status);
  }

  private record Error(String code, String message) {}

  private static Error error(byte[] body) {
    try {
      JsonNode n = Json.tree(body);
      return new Error(n.path("code").asText("UNKNOWN"), n.path("message").asText("no message"));
    } catch (IOException | RuntimeException e) {
      return new Error("UNKNOWN", "an answer that is not JSON");
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.tree(body);
    } catch (IOException e) {
      throw new GatewayException.Unavailable(
          null, "Toss answered with something that is not JSON", true);
    }
  }

  static GatewayPayment payment(JsonNode n) {
    List<GatewayPayment.Cancel> cancels = new ArrayList<>();
    for (JsonNode c : n.path("cancels")) {
      cancels.add(
          new GatewayPayment.Cancel(
              c.path("cancelAmount").asLong(),
              text(c, "cancelReason"),
              time(c, "canceledAt"),
              text(c, "transactionKey")));
    }
    return new GatewayPayment(
        text(n, "paymentKey"),
        text(n, "orderId"),
        status(text(n, "status")),
        text(n, "method"),
        n.path("totalAmount").asLong(),
        n.path("balanceAmount").asLong(),
        time(n, "approvedAt"),
        cancels);
  }

  private static GatewayPayment.Status status(String s) {
    try {
      return GatewayPayment.Status.valueOf(s);
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warning("Toss reported an unknown payment status: " + s);
      return GatewayPayment.Status.ABORTED;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant time(JsonNode n, String field) {
    String v = text(n, field);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e2) {
        LOG.log(Level.WARNING, "Toss sent a time that is not RFC 3339: " + v);
        return null;
      }
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(100L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
