package dev.ordersync.sdk;

/**
 * 403: the credentials are good but do not allow this (a customer moving an order, a session acting
 * for no restaurant, staff of a restaurant that requires a second factor), or a live socket closed
 * with 4403.
 */
public final class PermissionException extends ApiException {
  private static final long serialVersionUID = 1L;

  public PermissionException(Problem problem) {
    super(problem);
  }

  public PermissionException(Problem problem, ResponseMetadata metadata) {
    super(problem, metadata);
  }
}
