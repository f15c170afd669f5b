package dev.ordersync.server.http;

import java.util.UUID;

/**
 * Remembers the responses of creating POSTs by their {@code Idempotency-Key}, so a client that
 * retries gets the original answer instead of a second order. Both calls must run inside the unit
 * of work that does the request's work, so the record commits exactly when the work does.
 */
public interface IdempotencyStore {
  /** What to do with a request that carries a key. */
  sealed interface Claim {
    /** First time seen (or last seen more than 24 hours ago): do the work, then {@link #record}. */
    record Fresh() implements Claim {}

    /**
     * Seen with the same body: answer with this. {@code orderTokenFor} is the anonymous order whose
     * token to add back.
     */
    record Replay(int status, byte[] body, UUID orderTokenFor) implements Claim {}
  }

  /**
   * Claims the key for this request for the rest of the unit of work. Throws {@code
   * Conflict("idempotency_key_in_use")} while another request with the key is in flight, and {@code
   * RuleViolated("idempotency_key_reused")} when the key was used with a different body.
   */
  Claim claim(String scope, String key, byte[] requestHash);

  /** Stores the response given to a fresh request. The body is stored without any order token. */
  void record(
      String scope, String key, byte[] requestHash, int status, byte[] body, UUID orderTokenFor);
}
