package dev.ordersync.server.http;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.TransientFailure;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.ratelimit.ThrottledException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into an RFC 9457 problem ({@code application/problem+json}) with a stable
 * {@code code}. Details are written for the client and never carry internals: an unexpected failure
 * is logged with its request id and answered with that id only.
 */
final class Problems {
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());
  static final String TYPE_BASE = "https://ordersync.dev/problems/";
  static final String PROBLEM_JSON = "application/problem+json";

  private Problems() {}

  static void handle(ServerRequest req, ServerResponse res, Throwable failure) {
    if (res.isSent()) {
      return;
    }
    String requestId = RequestId.of(req);
    // Helidon clears the headers of a failed response: the rate limit headers go back on.
    RateLimitFilter.headers(req, res);
    switch (failure) {
      case ThrottledException t ->
          RateLimitFilter.refuse(req, res, t.retryAfterSeconds(), t.getMessage(), "login");
      case HttpProblem p -> {
        if (p.code().equals("malformed_request")) {
          ClientFaults.record(p.code(), p.getMessage());
          res.header(HeaderNames.CONNECTION, "close");
        }
        send(res, p.status(), p.code(), p.getMessage(), p.errors(), requestId);
      }
      case NotFoundException n -> notFound(req, res, requestId);
      // Helidon's refusals of the request itself (a bad chunk size, a header it cannot parse, a
      // body over its limit): the client's fault, answered as a problem and never as a 500.
      case RequestException r when isClientError(r.status()) ->
          clientFault(res, r.status().code(), requestId);
      case HttpException h when isClientError(h.status()) ->
          clientFault(res, h.status().code(), requestId);
      case DomainException.Unavailable u -> {
        res.header(HeaderNames.RETRY_AFTER, "5");
        send(res, 503, u.code(), u.getMessage(), u.errors(), u.details(), requestId);
      }
      case DomainException d ->
          send(res, statusOf(d), d.code(), d.getMessage(), d.errors(), d.details(), requestId);
      // Also when another layer wrapped it (a library that calls back into the adapters).
      case Throwable t when TransientFailure.in(t) != null -> unavailable(res, t, requestId);
      default -> {
        LOG.log(Level.SEVERE, "request " + requestId + " failed", failure);
        send(
            res,
            500,
            "internal_error",
            "something went wrong on our side (request " + requestId + ")",
            List.of(),
            requestId);
      }
    }
  }

  /**
   * A dependency (the database) is unavailable: 503 with {@code Retry-After}, so the client resends
   * (with the same {@code Idempotency-Key}). Logged at most once a minute per kind, without a stack
   * trace: an outage is one event, not one per request.
   */
  private static void unavailable(ServerResponse res, Throwable failure, String requestId) {
    TransientFailure transientFailure = TransientFailure.in(failure);
    Outages.record(failure, requestId);
    res.header(
        HeaderNames.RETRY_AFTER,
        Integer.toString(Math.max(1, transientFailure.retryAfterSeconds())));
    send(
        res,
        503,
        "service_unavailable",
        "the service is temporarily unavailable; try again",
        List.of(),
        requestId);
  }

  private static boolean isClientError(Status status) {
    return status.code() >= 400 && status.code() < 500;
  }

  /**
   * A refusal Helidon made: its message is not repeated (it may quote the request), and the
   * connection is closed, since a request that broke its framing leaves nothing to trust after it.
   */
  private static void clientFault(ServerResponse res, int status, String requestId) {
    String code =
        switch (status) {
          case 404 -> "not_found";
          case 413 -> "body_too_large";
          case 415 -> "unsupported_media_type";
          default -> status == 400 ? "malformed_request" : "request_refused";
        };
    ClientFaults.record(code, "Helidon refused the request (" + status + ")");
    res.header(HeaderNames.CONNECTION, "close");
    send(res, status, code, "the request is not well-formed HTTP/1.1", List.of(), requestId);
  }

  /**
   * No route names the path. A client's mistake, not ours (browsers ask for {@code /favicon.ico},
   * probes for {@code /health}), so it is logged at FINE only. API clients (a path under {@code
   * /api}, or JSON accepted) get the problem every unknown API path gets; anyone else a line of
   * text.
   */
  private static void notFound(ServerRequest req, ServerResponse res, String requestId) {
    LOG.fine(() -> "request " + requestId + ": no route for " + req.prologue());
    DomainException.NotFound n = new DomainException.NotFound("resource");
    if (wantsProblem(req)) {
      send(res, 404, n.code(), n.getMessage(), n.errors(), n.details(), requestId);
      return;
    }
    RequestId.commonHeaders(res, requestId);
    res.status(Status.NOT_FOUND_404);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
    res.send("Not found\n".getBytes(StandardCharsets.UTF_8));
  }

  private static boolean wantsProblem(ServerRequest req) {
    String path = req.path().absolute().rawPath();
    if (path.equals("/api") || path.startsWith("/api/")) {
      return true;
    }
    // Named, not matched by a wildcard: a browser's */* gets the text.
    return req.headers().acceptedTypes().stream()
        .map(t -> t.mediaType().fullType())
        .anyMatch(t -> t.equalsIgnoreCase(Exchange.JSON) || t.equalsIgnoreCase(PROBLEM_JSON));
  }

  static int statusOf(DomainException e) {
    return switch (e) {
      case DomainException.NotFound n -> 404;
      case DomainException.Invalid i -> 422;
      case DomainException.RuleViolated r -> 422;
      case DomainException.Conflict c -> 409;
      case DomainException.Forbidden f -> 403;
      case DomainException.Unauthenticated u -> 401;
      case DomainException.Unavailable u -> 503;
    };
  }

  static void send(
      ServerResponse res,
      int status,
      String code,
      String detail,
      List<FieldError> errors,
      String requestId) {
    send(res, status, code, detail, errors, Map.of(), requestId);
  }

  /**
   * {@code extensions} become members of the problem (RFC 9457 section 3.2), such as {@code
   * next_opening_at}.
   */
  static void send(
      ServerResponse res,
      int status,
      String code,
      String detail,
      List<FieldError> errors,
      Map<String, Object> extensions,
      String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + code.replace('_', '-'));
    body.put("title", title(status));
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(e -> new FieldView(e.field(), e.message())).toList());
    }
    new java.util.TreeMap<>(extensions).forEach(body::putIfAbsent);
    body.put("request_id", requestId);
    if (status == 401) {
      res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"ordersync\"");
    }
    // Helidon clears the headers of a failed response, so those every response carries are set
    // again here.
    RequestId.commonHeaders(res, requestId);
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
    res.send(Json.bytes(body));
  }

  /** One invalid field, as {@code {"field": ..., "message": ...}}. */
  record FieldView(String field, String message) {}

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthenticated";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 413 -> "Body too large";
      case 415 -> "Unsupported media type";
      case 422 -> "Unprocessable request";
      case 426 -> "Upgrade required";
      case 429 -> "Too many requests";
      case 503 -> "Service unavailable";
      default -> "Internal error";
    };
  }
}
