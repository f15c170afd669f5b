package dev.ordersync.sdk;

import java.util.List;

/**
 * Something went wrong talking to OrderSync. The hierarchy is sealed, so a {@code switch} can be
 * exhaustive:
 *
 * <ul>
 *   <li>{@link ApiException}: the server answered with an error (a problem+json body); its
 *       subclasses say why ({@link InvalidRequestException} 400, {@link AuthenticationException}
 *       401, {@link PermissionException} 403, {@link NotFoundException} 404, {@link
 *       ConflictException} 409/412, {@link BusinessRuleException} 422, {@link RateLimitException}
 *       429, {@link ServiceUnavailableException} 503), a plain {@code ApiException} for any other
 *       status or an answer that could not be read;
 *   <li>{@link ConnectionException}: no answer came (unreachable, broken connection, time out);
 *   <li>{@link SignatureVerificationException}: a webhook's signature did not verify.
 * </ul>
 *
 * {@link #code()} is the server's stable reason (for example {@code invalid_transition} or {@code
 * out_of_stock}) to switch on, and {@link #requestId()} is what to quote when asking for help: it
 * finds the request in the server's logs. Every subclass has public constructors, so that tests of
 * an integration can make the errors the SDK throws.
 */
public abstract sealed class OrderSyncException extends RuntimeException
    permits ApiException, ConnectionException, SignatureVerificationException {
  private static final long serialVersionUID = 1L;

  OrderSyncException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status of the response, or 0 when there was no response. */
  public int status() {
    return 0;
  }

  /**
   * The server's machine-readable reason ({@code out_of_stock}, {@code version_conflict}...), or
   * null if it gave none.
   */
  public String code() {
    return null;
  }

  /**
   * The response's {@code X-Request-Id}, or null when there was no response or the header was
   * missing.
   */
  public String requestId() {
    return null;
  }

  /** The server's human-readable explanation, or null. */
  public String detail() {
    return null;
  }

  /** The fields the server rejected; empty when the error is not about particular fields. */
  public List<FieldError> errors() {
    return List.of();
  }
}
