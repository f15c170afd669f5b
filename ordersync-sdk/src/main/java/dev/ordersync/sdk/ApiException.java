package dev.ordersync.sdk;

import java.util.List;

/**
 * A server failure (5xx), any other status this SDK does not know, or a response it could not read.
 */
public final class ApiException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  ApiException(int status, String code, String requestId, String detail, List<FieldError> errors) {
    super(status, code, requestId, detail, errors, null);
  }

  ApiException(int status, String requestId, String detail, Throwable cause) {
    super(status, null, requestId, detail, List.of(), cause);
  }
}
