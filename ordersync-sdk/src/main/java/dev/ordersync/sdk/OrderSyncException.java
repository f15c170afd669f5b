package dev.ordersync.sdk;

import java.util.List;

/**
 * Something went wrong talking to OrderSync. The subclass says why (no connection, bad credentials,
 * not allowed, not found, a conflict, an invalid request, rate limited, a server failure); {@link
 * #code()} is the server's stable reason (for example {@code invalid_transition} or {@code
 * out_of_stock}) to switch on, and {@link #requestId()} is what to quote when asking for help: it
 * finds the request in the server's logs.
 */
public abstract class OrderSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String requestId;
  private final String detail;
  private final transient List<FieldError> errors;

  OrderSyncException(
      int status,
      String code,
      String requestId,
      String detail,
      List<FieldError> errors,
      Throwable cause) {
    super(message(status, code, requestId, detail, errors), cause);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.detail = detail;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** The HTTP status of the response, or 0 when there was no response. */
  public int status() {
    return status;
  }

  /**
   * The server's machine-readable reason ({@code out_of_stock}, {@code version_conflict}...), or
   * null if it gave none.
   */
  public String code() {
    return code;
  }

  /**
   * The response's {@code X-Request-Id}, or null when there was no response or the header was
   * missing.
   */
  public String requestId() {
    return requestId;
  }

  /** The server's human-readable explanation, or null. */
  public String detail() {
    return detail;
  }

  /** The fields the server rejected; empty when the error is not about particular fields. */
  public List<FieldError> errors() {
    return errors;
  }

  private static String message(
      int status, String code, String requestId, String detail, List<FieldError> errors) {
    StringBuilder m = new StringBuilder();
    if (status > 0) {
      m.append(status);
    }
    if (code != null) {
      m.append(m.isEmpty() ? "" : " ").append(code);
    }
    if (detail != null) {
      m.append(m.isEmpty() ? "" : ": ").append(detail);
    }
    if (errors != null) {
      for (FieldError e : errors) {
        m.append("; ").append(e.field()).append(' ').append(e.message());
      }
    }
    if (requestId != null) {
      m.append(" (request ").append(requestId).append(')');
    }
    return m.toString();
  }
}
