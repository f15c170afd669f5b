package dev.ordersync.sdk;

/**
 * 409 (or 412): the request clashes with the current state: a step the order cannot take now
 * ({@code invalid_transition}), a stale {@code If-Match} version ({@code version_conflict}), stock
 * gone ({@code out_of_stock}), an idempotency key still in use, the last owner of a restaurant.
 * Read the thing again and decide.
 */
public final class ConflictException extends ApiException {
  private static final long serialVersionUID = 1L;

  public ConflictException(Problem problem) {
    super(problem);
  }

  public ConflictException(Problem problem, ResponseMetadata metadata) {
    super(problem, metadata);
  }
}
