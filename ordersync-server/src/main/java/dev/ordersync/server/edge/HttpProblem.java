package dev.ordersync.server.edge;

import dev.ordersync.core.shared.FieldError;
import java.util.List;

/**
 * A refusal that belongs to HTTP itself (malformed body, wrong media type, bad header), not to the
 * domain.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> errors;

  public HttpProblem(int status, String code, String detail) {
    this(status, code, detail, List.of());
  }

  public HttpProblem(int status, String code, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  public static HttpProblem field(String code, String field, String message) {
    return new HttpProblem(
        400, code, field + " " + message, List.of(new FieldError(field, message)));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
