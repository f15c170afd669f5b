package dev.ordersync.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A tiny HTTP client for tests: send JSON text, get status, headers and the parsed body. Like the
 * SDK, it sends with every {@code Idempotency-Key} an {@code Idempotency-Secret} of its own for
 * that key (the same for the same key, unknown to any other client), so that it can replay its
 * anonymous orders; {@link #post(String, String, String, String, String)} sends another or none.
 * Every answer is checked against the OpenAPI document ({@link OpenApiContract}): one that does not
 * match it fails the test with an {@link AssertionError}.
 */
public final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<String> base;
  private final byte[] secrets = new byte[32];
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Api(String base) {
    this(() -> base);
  }

  /** A client whose server is known only later (see {@link RunningServer#api()}). */
  Api(Supplier<String> base) {
    this.base = base;
    new SecureRandom().nextBytes(secrets);
  }

  /** This client's secret for {@code idempotencyKey}. */
  public String idempotencySecret(String idempotencyKey) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(secrets);
      d.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public record Response(int status, HttpResponse<String> raw, JsonNode json) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String code() {
      return json.path("code").asText(null);
    }

    public String text(String field) {
      return json.path(field).asText(null);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, null, token, null, null);
  }

  public Response post(String path, String body, String token) {
    return send("POST", path, body, token, null, null);
  }

  public Response post(String path, String body, String token, String idempotencyKey) {
    return send("POST", path, body, token, idempotencyKey, null);
  }

  public Response send(
      String method,
      String path,
      String body,
      String token,
      String idempotencyKey,
      String ifMatch) {
    return send(method, path, body, token, idempotencyKey, ifMatch, "application/json");
  }

  /** A POST with {@code idempotencySecret} (null: none) instead of this client's own. */
  public Response post(
      String path, String body, String token, String idempotencyKey, String idempotencySecret) {
    return send(
        "POST", path, body, token, idempotencyKey, idempotencySecret, null, "application/json");
  }

  public Response send(
      String method,
      String path,
      String body,
      String token,
      String idempotencyKey,
      String ifMatch,
      String contentType) {
    String secret = idempotencyKey == null ? null : idempotencySecret(idempotencyKey);
    return send(method, path, body, token, idempotencyKey, secret, ifMatch, contentType);
  }

  private Response send(
      String method,
      String path,
      String body,
      String token,
      String idempotencyKey,
      String idempotencySecret,
      String ifMatch,
      String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base.get() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
    }
    Optional.ofNullable(token).ifPresent(t -> b.header("Authorization", "Bearer " + t));
    Optional.ofNullable(idempotencyKey).ifPresent(k -> b.header("Idempotency-Key", k));
    Optional.ofNullable(idempotencySecret).ifPresent(k -> b.header("Idempotency-Secret", k));
    Optional.ofNullable(ifMatch).ifPresent(v -> b.header("If-Match", v));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      // Every answer the tests receive must be what the OpenAPI document says it is.
      OpenApiContract.get()
          .verify(
              method,
              URI.create(base.get() + path).getRawPath(),
              r.statusCode(),
              r.headers().firstValue("Content-Type").orElse(null),
              r.body());
      boolean isJson =
          r.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(false);
      JsonNode json =
          r.body().isEmpty() || !isJson ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Response(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
