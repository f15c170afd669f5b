package dev.ordersync.sdk;

import java.util.List;

/** 404: no such thing, or one that belongs to another restaurant (the server never says which). */
public final class NotFoundException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  NotFoundException(
      int status, String code, String requestId, String detail, List<FieldError> errors) {
    super(status, code, requestId, detail, errors, null);
  }
}
