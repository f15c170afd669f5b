package dev.ordersync.core.shared;

/**
 * Implemented by the failures of an adapter that may pass if retried (a database that cannot be
 * reached right now), as opposed to a bug or a refusal. A port's caller may retry such a failure;
 * an API answers it 503 with {@code Retry-After} instead of 500.
 */
public interface TransientFailure {
  boolean transientFailure();

  /** How long a client should wait before trying again, in whole seconds. */
  default int retryAfterSeconds() {
    return 5;
  }

  /**
   * The transient failure {@code failure} is, or was caused by (another layer may have wrapped it),
   * or null.
   */
  static TransientFailure in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransientFailure f && f.transientFailure()) {
        return f;
      }
    }
    return null;
  }
}
