package dev.ordersync.sdk;

import java.util.List;

/**
 * 409: the request clashes with the current state: a step the order cannot take now ({@code
 * invalid_transition}), a stale {@code If-Match} version ({@code version_conflict}), stock gone
 * ({@code out_of_stock}), an idempotency key still in use.
 */
public final class ConflictException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  ConflictException(
      int status, String code, String requestId, String detail, List<FieldError> errors) {
    super(status, code, requestId, detail, errors, null);
  }
}
