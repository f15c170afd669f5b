package dev.ordersync.sdk;

import java.util.List;

/** 401: no credentials, wrong credentials, or an expired token. Log in again. */
public final class AuthenticationException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  AuthenticationException(
      int status, String code, String requestId, String detail, List<FieldError> errors) {
    super(status, code, requestId, detail, errors, null);
  }
}
