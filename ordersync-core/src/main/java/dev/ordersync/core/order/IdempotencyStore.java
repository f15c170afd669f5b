package dev.ordersync.core.order;

import dev.ordersync.core.shared.IdempotencyKey;
import java.util.Optional;

/**
 * Remembers what placing an order answered, by the caller's idempotency key, so that a client that
 * retries gets the first answer instead of a second order. Both calls run inside the unit of work
 * that places the order, so the record commits exactly when the order does, or not at all.
 */
public interface IdempotencyStore {
  /**
   * Claims the key within {@code scope} for the rest of the unit of work. Empty the first time (or
   * when the key was last used more than a day ago): place the order, then {@link #record} it; else
   * the answer given to the first request with the key, the same request and the same secret.
   *
   * @throws dev.ordersync.core.shared.DomainException.Conflict {@code idempotency_key_in_use} while
   *     another request with the key is still being processed
   * @throws dev.ordersync.core.shared.DomainException.RuleViolated {@code idempotency_key_reused}
   *     when the key was used with another request or without the same secret ({@link
   *     IdempotencyKey#sameSecret}, checked first and answered alike, so that a caller without the
   *     secret cannot tell whether a request it guessed was the first one)
   */
  Optional<PlaceOrder.Outcome.Replayed> claim(String scope, IdempotencyKey key);

  /**
   * Records the answer to a fresh request: the order as it was placed, kept in the form the API
   * answers it (never with an order token: that is added again on each replay), with the key's
   * request digest and secret digest (never the secret itself).
   *
   * @return the answer as recorded, so that the first request is answered with the same bytes
   *     without writing them again
   */
  byte[] record(String scope, IdempotencyKey key, PlaceOrder.Outcome.Placed placed);
}
