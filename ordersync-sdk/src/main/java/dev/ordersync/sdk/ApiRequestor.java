package dev.ordersync.sdk;

import dev.ordersync.sdk.internal.HttpTransport;
import dev.ordersync.sdk.internal.Json;
import dev.ordersync.sdk.internal.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns one API call into an HTTP exchange and its answer into a record or an {@link
 * OrderSyncException}. Shared by all resources of a client; immutable.
 */
final class ApiRequestor {
  private static final String USER_AGENT = userAgent();

  private final String apiBase;
  private final String accessToken;
  private final Duration requestTimeout;
  private final HttpTransport transport;

  ApiRequestor(
      String apiBase, String accessToken, Duration requestTimeout, HttpTransport transport) {
    this.apiBase = apiBase;
    this.accessToken = accessToken;
    this.requestTimeout = requestTimeout;
    this.transport = transport;
  }

  ApiRequestor withAccessToken(String token) {
    return new ApiRequestor(apiBase, token, requestTimeout, transport);
  }

  String apiBase() {
    return apiBase;
  }

  boolean hasAccessToken() {
    return accessToken != null;
  }

  HttpTransport transport() {
    return transport;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Whether a call that creates something gets an idempotency key even when the caller gave none.
   */
  enum Keying {
    AS_GIVEN,
    ALWAYS
  }

  <T> T get(String path, Map<String, String> query, Class<T> type, RequestOptions options) {
    return execute("GET", path, query, null, type, options, Keying.AS_GIVEN);
  }

  <T> T post(String path, Object body, Class<T> type, RequestOptions options, Keying keying) {
    return execute("POST", path, Map.of(), body, type, options, keying);
  }

  <T> T patch(String path, Object body, Class<T> type, RequestOptions options) {
    return execute("PATCH", path, Map.of(), body, type, options, Keying.AS_GIVEN);
  }

  void delete(String path, RequestOptions options) {
    execute("DELETE", path, Map.of(), null, Void.class, options, Keying.AS_GIVEN);
  }

  private <T> T execute(
      String method,
      String path,
      Map<String, String> query,
      Object body,
      Class<T> type,
      RequestOptions options,
      Keying keying) {
    RequestOptions o = options == null ? RequestOptions.NONE : options;
    URI uri = URI.create(apiBase + path + queryString(query));
    String key = idempotencyKey(o, keying);
    // A keyed call always shows a secret (the caller's, or one made for it): the SDK's own retries
    // resend it, and only it replays an order placed without an account.
    String secret =
        key == null
            ? null
            : o.idempotencySecret() != null
                ? o.idempotencySecret()
                : RequestOptions.randomIdempotencySecret();
    HttpRequest request = request(method, uri, body, o, key, secret);
    // Sending twice is harmless for a read, and for a keyed call the server answers a repeat with
    // the first answer.
    HttpResponse<byte[]> response = send(request, method, uri, method.equals("GET") || key != null);
    return answer(response, type, method, uri);
  }

  private static String idempotencyKey(RequestOptions o, Keying keying) {
    String key = o.idempotencyKey();
    if (key == null && keying == Keying.ALWAYS) {
      key = RequestOptions.randomIdempotencyKey();
    }
    return key;
  }

  private HttpRequest request(
      String method,
      URI uri,
      Object body,
      RequestOptions o,
      String idempotencyKey,
      String idempotencySecret) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(o.timeout() != null ? o.timeout() : requestTimeout)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    String token = o.accessToken() != null ? o.accessToken() : accessToken;
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
      request.header("Idempotency-Secret", idempotencySecret);
    }
    if (o.ifMatchVersion() != null) {
      request.header("If-Match", "\"" + o.ifMatchVersion() + "\"");
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return request.build();
  }

  private HttpResponse<byte[]> send(
      HttpRequest request, String method, URI uri, boolean safeToRepeat) {
    try {
      return transport.send(request, safeToRepeat);
    } catch (HttpTransport.ExchangeFailed e) {
      throw new ApiConnectionException(
          "no response from "
              + method
              + " "
              + uri
              + " ("
              + e.attempts()
              + (e.attempts() == 1 ? " attempt" : " attempts")
              + "): "
              + e.getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiConnectionException("interrupted while waiting for " + method + " " + uri, e);
    }
  }

  /** The response's record, or the exception its status and problem body call for. */
  private static <T> T answer(
      HttpResponse<byte[]> response, Class<T> type, String method, URI uri) {
    int status = response.statusCode();
    String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
    if (status < 200 || status > 299) {
      throw error(response, requestId);
    }
    if (type == Void.class) {
      return null;
    }
    try {
      T value = Json.read(response.body(), type);
      if (value == null) {
        throw new IOException("the body is empty");
      }
      return value;
    } catch (IOException e) {
      throw new ApiException(
          status,
          requestId,
          "could not read the response to " + method + " " + uri + ": " + e.getMessage(),
          e);
    }
  }

  /** The body of an error response (RFC 9457), as far as the server sent one. */
  private record Problem(
      String type, String title, String detail, String code, List<FieldError> errors) {
    static final Problem NONE = new Problem(null, null, null, null, List.of());

    static Problem of(byte[] body) {
      if (body == null || body.length == 0) {
        return NONE;
      }
      try {
        Problem p = Json.read(body, Problem.class);
        return p == null ? NONE : p;
      } catch (IOException e) {
        return NONE; // a proxy's HTML page, say: the status still tells what kind of failure it was
      }
    }
  }

  private static OrderSyncException error(HttpResponse<byte[]> response, String requestId) {
    int status = response.statusCode();
    Problem p = Problem.of(response.body());
    String code = p.code();
    String detail = p.detail() != null ? p.detail() : p.title();
    List<FieldError> errors = p.errors() == null ? List.of() : p.errors();
    return switch (status) {
      case 400, 413, 415, 422 ->
          new InvalidRequestException(status, code, requestId, detail, errors);
      case 401 -> new AuthenticationException(status, code, requestId, detail, errors);
      case 403 -> new PermissionException(status, code, requestId, detail, errors);
      case 404 -> new NotFoundException(status, code, requestId, detail, errors);
      case 409 -> new ConflictException(status, code, requestId, detail, errors);
      case 429 ->
          new RateLimitException(
              code,
              requestId,
              detail,
              errors,
              RetryAfter.parse(
                      response.headers().firstValue("Retry-After").orElse(null), Clock.systemUTC())
                  .orElse(null));
      default -> new ApiException(status, code, requestId, detail, errors);
    };
  }

  private static String queryString(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    StringJoiner q = new StringJoiner("&", "?", "");
    query.forEach((name, value) -> q.add(encode(name) + "=" + encode(value)));
    return q.toString();
  }

  /**
   * Percent-encodes a query component, keeping commas so that {@code status=PLACED,ACCEPTED} stays
   * readable.
   */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",");
  }

  private static String userAgent() {
    String version = ApiRequestor.class.getPackage().getImplementationVersion();
    return "ordersync-java/"
        + (version == null ? "dev" : version)
        + " Java/"
        + Runtime.version().feature();
  }
}
