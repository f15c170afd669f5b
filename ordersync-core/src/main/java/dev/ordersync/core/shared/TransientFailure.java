package dev.ordersync.core.shared;

/**
 * Implemented by the failures of an adapter that may pass if retried (a database that cannot be
 * reached right now), as opposed to a bug or a refusal. A port's caller may retry such a failure;
 * an API answers it 503 with {@code Retry-After} instead of 500.
 */
public interface TransientFailure {
  boolean transientFailure();
}
