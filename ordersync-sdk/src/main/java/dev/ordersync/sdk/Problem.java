package dev.ordersync.sdk;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of an error response (RFC 9457 problem+json) as the server sent it. Members beyond the
 * standard ones (such as {@code next_opening_at}, {@code gateway_code}, {@code balance}, {@code
 * total}) are in {@link #extensions()}, by their JSON name, as plain Java values ({@code String},
 * {@code Integer}/{@code Long}/{@code Double}, {@code Boolean}, {@code List}, {@code Map}).
 *
 * <pre>{@code
 * new NotFoundException(Problem.of(404, "not_found", "no such order"))       // in a test
 * }</pre>
 *
 * @param type a URI naming the kind of problem, or null
 * @param title a short summary of the status, or null
 * @param status the HTTP status
 * @param detail what went wrong, for people, or null
 * @param code the stable reason, for programs, or null
 * @param errors the rejected fields, in the server's order; never null
 * @param requestId the request's id (the body's {@code request_id}, else the {@code X-Request-Id}
 *     header), or null
 * @param extensions every other member of the body; never null
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String code,
    List<FieldError> errors,
    String requestId,
    Map<String, Object> extensions) {
  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
    extensions =
        extensions == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** A problem with only a status, a code and a detail: enough for most tests. */
  public static Problem of(int status, String code, String detail) {
    return new Problem(null, null, status, detail, code, List.of(), null, Map.of());
  }

  /** The same problem with one more extension member (for tests). */
  public Problem withExtension(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(name, value);
    return new Problem(type, title, status, detail, code, errors, requestId, more);
  }

  /** The same problem with these field errors. */
  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, code, fieldErrors, requestId, extensions);
  }

  /** The same problem with this request id. */
  public Problem withRequestId(String id) {
    return new Problem(type, title, status, detail, code, errors, id, extensions);
  }

  /** An extension member, by its JSON name ({@code next_opening_at}). */
  public Optional<Object> extension(String name) {
    return Optional.ofNullable(extensions.get(name));
  }

  /** An extension member as text; empty when absent or not text. */
  public Optional<String> extensionString(String name) {
    return extension(name).filter(String.class::isInstance).map(String.class::cast);
  }

  /** An extension member as a whole number; empty when absent or not a number. */
  public Optional<Long> extensionLong(String name) {
    return extension(name).filter(Number.class::isInstance).map(n -> ((Number) n).longValue());
  }

  /** An extension member as an instant (RFC 3339); empty when absent or not one. */
  public Optional<Instant> extensionInstant(String name) {
    return extensionString(name)
        .flatMap(
            s -> {
              try {
                return Optional.of(Instant.parse(s));
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }
}
