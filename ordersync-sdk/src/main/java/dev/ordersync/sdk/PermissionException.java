package dev.ordersync.sdk;

import java.util.List;

/**
 * 403: the credentials are good but do not allow this (a customer moving an order, a session acting
 * for no restaurant).
 */
public final class PermissionException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  PermissionException(
      int status, String code, String requestId, String detail, List<FieldError> errors) {
    super(status, code, requestId, detail, errors, null);
  }
}
