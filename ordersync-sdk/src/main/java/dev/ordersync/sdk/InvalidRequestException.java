package dev.ordersync.sdk;

import java.util.List;

/**
 * The server refused the request as sent: 400 malformed, 413 too large, 415 wrong media type, or
 * 422 well-formed but against a business rule. {@link #errors()} names the fields.
 */
public final class InvalidRequestException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  InvalidRequestException(
      int status, String code, String requestId, String detail, List<FieldError> errors) {
    super(status, code, requestId, detail, errors, null);
  }
}
