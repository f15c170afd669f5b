package dev.ordersync.server.edge;

/**
 * Implemented by adapter failures that may pass if retried (a database that cannot be reached right
 * now). They are answered 503 with {@code Retry-After} instead of 500.
 */
public interface TransientFailure {
  boolean transientFailure();
}
