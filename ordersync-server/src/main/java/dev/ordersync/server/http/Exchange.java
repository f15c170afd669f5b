package dev.ordersync.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What every handler does with a request and a response: read a bounded JSON body, path ids,
 * headers; send JSON.
 */
final class Exchange {
  static final HeaderName IF_MATCH = HeaderNames.IF_MATCH;
  static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
  static final HeaderName IDEMPOTENCY_SECRET = HeaderNames.create("Idempotency-Secret");
  static final HeaderName IDEMPOTENT_REPLAYED = HeaderNames.create("Idempotent-Replayed");
  static final String JSON = "application/json";

  private final int maxBodyBytes;

  Exchange(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The request's JSON object body; with {@code required} false an empty body reads as {}. */
  JsonBody body(ServerRequest req, boolean required) {
    byte[] bytes = rawBody(req);
    if (bytes.length == 0) {
      if (required) {
        throw new HttpProblem(400, "body_required", "this request needs a JSON body");
      }
      return JsonBody.of(Json.mapper().createObjectNode());
    }
    return json(bytes);
  }

  /** A JSON object from bytes already read; malformed JSON is a 400 that says where it broke. */
  static JsonBody json(byte[] bytes) {
    try {
      return JsonBody.of(Json.tree(bytes));
    } catch (IOException e) {
      throw new HttpProblem(400, "malformed_json", jsonError(e));
    }
  }

  /** The body's bytes, refused beyond the size limit or when it is not declared as JSON. */
  byte[] rawBody(ServerRequest req) {
    if (!req.content().hasEntity()) {
      return new byte[0];
    }
    Optional<HttpMediaType> type = req.headers().contentType();
    if (type.isEmpty() || !type.get().mediaType().text().equalsIgnoreCase(JSON)) {
      throw new HttpProblem(
          415, "unsupported_media_type", "send the body as Content-Type: application/json");
    }
    OptionalLong declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
      throw tooLarge();
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] bytes = in.readNBytes(maxBodyBytes + 1);
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException
        | UncheckedIOException
        | DataReader.InsufficientDataAvailableException
        | IllegalArgumentException
        | IllegalStateException e) {
      // Helidon parses a chunked body as it is read: a chunk size that is not hexadecimal or a
      // chunk cut short fails here, inside our read; so does a body the client stopped sending.
      // The client broke the framing.
      throw new HttpProblem(
          400, "malformed_request", "the body is not well-formed HTTP/1.1 framing");
    }
  }

  private HttpProblem tooLarge() {
    return new HttpProblem(
        413, "body_too_large", "the body is larger than " + maxBodyBytes + " bytes");
  }

  /**
   * Where the parser stopped, in our words: the parser's own message names its classes and options
   * ("Unexpected end-of-input: expected close marker for Object", "Enable
   * `JsonReadFeature.ALLOW_...`"), which are no business of a client's.
   */
  private static String jsonError(IOException e) {
    if (e instanceof JsonProcessingException p && p.getLocation() != null) {
      JsonLocation at = p.getLocation();
      if (at.getLineNr() > 0 && at.getColumnNr() > 0) {
        return "the body is not valid JSON (at line "
            + at.getLineNr()
            + ", column "
            + at.getColumnNr()
            + ")";
      }
    }
    return "the body is not valid JSON";
  }

  /** A path parameter that must be a UUID; anything else names nothing, so it is not found. */
  static UUID pathId(ServerRequest req, String name) {
    String raw = req.path().pathParameters().get(name);
    try {
      if (raw.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new dev.ordersync.core.shared.DomainException.NotFound("resource");
    }
  }

  /** The version in {@code If-Match: "3"}, or null when the header is absent. */
  /**
   * The {@code limit} query parameter of a list: 50 when absent, else a whole number from 1 to 200
   * (400 {@code invalid_parameter} naming it otherwise).
   */
  static int pageLimit(String raw) {
    if (raw == null) {
      return 50;
    }
    try {
      int limit = Integer.parseInt(raw.strip());
      if (limit >= 1 && limit <= 200) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below, like a number out of range
    }
    throw HttpProblem.field("invalid_parameter", "limit", "must be between 1 and 200");
  }

  static Long ifMatch(ServerRequest req) {
    Optional<String> header = req.headers().first(IF_MATCH);
    if (header.isEmpty()) {
      return null;
    }
    String v = header.get().strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      long version = Long.parseLong(v);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw new HttpProblem(
          400, "invalid_header", "If-Match must be an order or item version such as \"3\"");
    }
  }

  static void send(ServerResponse res, Status status, Object view) {
    send(res, status, Json.bytes(view));
  }

  static void send(ServerResponse res, Status status, byte[] json) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, JSON);
    res.send(json);
  }

  /** Adds the ETag a client sends back in If-Match. */
  static void etag(ServerResponse res, long version) {
    res.header(HeaderNames.ETAG, "\"" + version + "\"");
  }
}
