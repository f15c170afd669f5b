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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Turns one API call into an HTTP exchange and its answer into a record or an {@link
 * OrderSyncException}. Shared by all resources of a client; immutable.
 */
final class ApiRequestor {
  private static final String USER_AGENT = userAgent();

  /** The metadata of the last response on this thread, while {@link #capturing} runs. */
  private static final ThreadLocal<ResponseMetadata[]> CAPTURE = new ThreadLocal<>();

  private final String apiBase;
  private final TokenProvider tokens;
  private final Duration requestTimeout;
  private final HttpTransport transport;
  private final RequestListener listener;

  ApiRequestor(
      String apiBase,
      TokenProvider tokens,
      Duration requestTimeout,
      HttpTransport transport,
      RequestListener listener) {
    this.apiBase = apiBase;
    this.tokens = tokens;
    this.requestTimeout = requestTimeout;
    this.transport = transport;
    this.listener = listener;
  }

  ApiRequestor withTokens(TokenProvider provider) {
    return new ApiRequestor(apiBase, provider, requestTimeout, transport, listener);
  }

  String apiBase() {
    return apiBase;
  }

  boolean hasAccessToken() {
    return tokens != null;
  }

  TokenProvider tokens() {
    return tokens;
  }

  /** Runs {@code call} and returns its value with the metadata of the last response it got. */
  static <T> ApiResponse<T> capturing(java.util.function.Supplier<T> call) {
    ResponseMetadata[] previous = CAPTURE.get();
    ResponseMetadata[] slot = new ResponseMetadata[1];
    CAPTURE.set(slot);
    try {
      T value = call.get();
      if (slot[0] == null) {
        throw new IllegalStateException("the call made no request to the server");
      }
      return new ApiResponse<>(value, slot[0]);
    } finally {
      if (previous == null) {
        CAPTURE.remove();
      } else {
        CAPTURE.set(previous);
      }
    }
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

  <T> T put(String path, Object body, Class<T> type, RequestOptions options) {
    return execute("PUT", path, Map.of(), body, type, options, Keying.AS_GIVEN);
  }

  void delete(String path, RequestOptions options) {
    execute("DELETE", path, Map.of(), null, Void.class, options, Keying.AS_GIVEN);
  }

  /** A DELETE that carries a body (turning the second factor off takes the password). */
  void delete(String path, Object body, RequestOptions options) {
    execute("DELETE", path, Map.of(), body, Void.class, options, Keying.AS_GIVEN);
  }

  /** A GET answered in another format than JSON ({@code accept}), its body as text. */
  String text(String path, Map<String, String> query, String accept, RequestOptions options) {
    byte[] body = execute("GET", path, query, null, byte[].class, options, Keying.AS_GIVEN, accept);
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A call answered 204 or with a body this SDK has no record for. */
  void post(String path, Object body, RequestOptions options) {
    execute("POST", path, Map.of(), body, Void.class, options, Keying.AS_GIVEN);
  }

  private <T> T execute(
      String method,
      String path,
      Map<String, String> query,
      Object body,
      Class<T> type,
      RequestOptions options,
      Keying keying) {
    return execute(method, path, query, body, type, options, keying, accept(type));
  }

  private <T> T execute(
      String method,
      String path,
      Map<String, String> query,
      Object body,
      Class<T> type,
      RequestOptions options,
      Keying keying,
      String accept) {
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
    Instant deadline = o.deadline() == null ? null : Instant.now().plus(o.deadline());
    boolean fromProvider = o.accessToken() == null && tokens != null;
    String token =
        o.accessToken() != null ? o.accessToken() : fromProvider ? tokens.accessToken() : null;
    // Sending twice is harmless for a read, and for a keyed call the server answers a repeat with
    // the first answer.
    boolean repeatable = method.equals("GET") || key != null;
    HttpTransport.Result result =
        send(
            request(method, uri, body, o, key, secret, token, accept),
            method,
            uri,
            repeatable,
            deadline,
            o);
    int attempts = result.attempts();
    if (result.response().statusCode() == 401 && fromProvider && token != null) {
      // The token expired or its session was refreshed elsewhere: the server did nothing, so
      // sending once more with a fresh token is safe for any call.
      String fresh = tokens.refreshAfterRejection(token);
      if (fresh != null && !fresh.equals(token)) {
        result =
            send(
                request(method, uri, body, o, key, secret, fresh, accept),
                method,
                uri,
                repeatable,
                deadline,
                o);
        attempts += result.attempts();
      }
    }
    ResponseMetadata metadata = metadata(result.response(), attempts);
    ResponseMetadata[] slot = CAPTURE.get();
    if (slot != null) {
      slot[0] = metadata;
    }
    return answer(result.response(), metadata, type, method, uri);
  }

  private static String accept(Class<?> type) {
    return type == byte[].class ? "*/*" : "application/json";
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
      String idempotencySecret,
      String token,
      String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(o.timeout() != null ? o.timeout() : requestTimeout)
            .header("Accept", accept)
            .header("User-Agent", USER_AGENT);
    o.headers().forEach(request::header);
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

  private HttpTransport.Result send(
      HttpRequest request,
      String method,
      URI uri,
      boolean safeToRepeat,
      Instant deadline,
      RequestOptions o) {
    try {
      return transport.send(request, safeToRepeat, deadline, observer(o.listener()));
    } catch (HttpTransport.ExchangeFailed e) {
      throw new ConnectionException(
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
      throw new ConnectionException("interrupted while waiting for " + method + " " + uri, e);
    }
  }

  private HttpTransport.AttemptObserver observer(RequestListener perCall) {
    if (listener == null && perCall == null) {
      return HttpTransport.AttemptObserver.NONE;
    }
    return (request, number, response, failure, took, retryIn) -> {
      String requestId =
          response != null
              ? response.headers().firstValue("X-Request-Id").orElse(null)
              : request.headers().firstValue("X-Request-Id").orElse(null);
      RequestListener.Attempt attempt =
          new RequestListener.Attempt(
              request.method(),
              request.uri(),
              number,
              response == null ? 0 : response.statusCode(),
              requestId,
              failure,
              took,
              retryIn);
      for (RequestListener l : new RequestListener[] {listener, perCall}) {
        if (l != null) {
          try {
            l.onAttempt(attempt);
          } catch (RuntimeException ignored) {
            // A listener's failure must not change the call's outcome.
          }
        }
      }
    };
  }

  static ResponseMetadata metadata(HttpResponse<?> response, int attempts) {
    java.net.http.HttpHeaders h = response.headers();
    ResponseMetadata.RateLimit rateLimit = null;
    Optional<String> limit = h.firstValue("RateLimit-Limit");
    Optional<String> remaining = h.firstValue("RateLimit-Remaining");
    if (limit.isPresent() && remaining.isPresent()) {
      try {
        rateLimit =
            new ResponseMetadata.RateLimit(
                Long.parseLong(limit.get().strip()),
                Long.parseLong(remaining.get().strip()),
                Duration.ofSeconds(
                    Long.parseLong(h.firstValue("RateLimit-Reset").orElse("0").strip())));
      } catch (NumberFormatException e) {
        rateLimit = null; // a proxy's header of another shape: not ours to read
      }
    }
    return new ResponseMetadata(
        response.statusCode(),
        h.firstValue("X-Request-Id").orElse(null),
        h.firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false),
        h.firstValue("ETag").orElse(null),
        rateLimit,
        attempts,
        h.map());
  }

  /** The response's record, or the exception its status and problem body call for. */
  @SuppressWarnings("unchecked")
  private static <T> T answer(
      HttpResponse<byte[]> response,
      ResponseMetadata metadata,
      Class<T> type,
      String method,
      URI uri) {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw error(response, metadata);
    }
    if (type == Void.class) {
      return null;
    }
    if (type == byte[].class) {
      return (T) response.body();
    }
    try {
      T value = Json.read(response.body(), type);
      if (value == null) {
        throw new IOException("the body is empty");
      }
      return value;
    } catch (IOException | IllegalArgumentException e) {
      throw new ApiException(
          new Problem(
              null,
              null,
              status,
              "could not read the response to " + method + " " + uri + ": " + e.getMessage(),
              null,
              List.of(),
              metadata.requestId(),
              Map.of()),
          metadata,
          e);
    }
  }

  private static final java.util.Set<String> STANDARD_MEMBERS =
      java.util.Set.of("type", "title", "status", "detail", "code", "errors", "request_id");

  /**
   * The body of an error response (RFC 9457), as far as the server sent one: a proxy's HTML page
   * still maps by its status.
   */
  static Problem problem(int status, byte[] body, String headerRequestId) {
    Map<String, Object> json = Json.readObject(body);
    if (json == null) {
      return new Problem(null, null, status, null, null, List.of(), headerRequestId, Map.of());
    }
    Map<String, Object> extensions = new java.util.LinkedHashMap<>();
    json.forEach(
        (name, value) -> {
          if (!STANDARD_MEMBERS.contains(name)) {
            extensions.put(name, value);
          }
        });
    List<FieldError> errors = new java.util.ArrayList<>();
    if (json.get("errors") instanceof List<?> list) {
      for (Object e : list) {
        if (e instanceof Map<?, ?> m) {
          errors.add(new FieldError(text(m.get("field")), text(m.get("message"))));
        }
      }
    }
    String requestId = text(json.get("request_id"));
    return new Problem(
        text(json.get("type")),
        text(json.get("title")),
        status,
        text(json.get("detail")),
        text(json.get("code")),
        errors,
        requestId != null ? requestId : headerRequestId,
        extensions);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }

  private static ApiException error(HttpResponse<byte[]> response, ResponseMetadata metadata) {
    int status = response.statusCode();
    Problem p = problem(status, response.body(), metadata.requestId());
    return switch (status) {
      case 400, 413, 415 -> new InvalidRequestException(p, metadata);
      case 422 ->
          "validation_failed".equals(p.code())
              ? new InvalidRequestException(p, metadata)
              : new BusinessRuleException(p, metadata);
      case 401 -> new AuthenticationException(p, metadata);
      case 403 -> new PermissionException(p, metadata);
      case 404 -> new NotFoundException(p, metadata);
      case 409, 412 -> new ConflictException(p, metadata);
      case 429 -> new RateLimitException(p, metadata, retryAfter(response));
      case 503 -> new ServiceUnavailableException(p, metadata, retryAfter(response));
      default -> new ApiException(p, metadata);
    };
  }

  private static Duration retryAfter(HttpResponse<byte[]> response) {
    return RetryAfter.parse(
            response.headers().firstValue("Retry-After").orElse(null), Clock.systemUTC())
        .orElse(null);
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
