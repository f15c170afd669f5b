package dev.ordersync.core.memory;

import dev.ordersync.core.order.IdempotencyStore;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.IdempotencyKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Idempotency keys in memory, kept as long as the store lives. Units of work of the in-memory store
 * run one at a time, so a key is never in flight twice: a retry either finds the first answer or is
 * the first.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final Function<Order, byte[]> answerOf;
  private final Map<String, Kept> kept = new HashMap<>();

  private record Kept(IdempotencyKey key, PlaceOrder.Outcome.Replayed answer) {}

  /**
   * @param answerOf the answer a retry gets again for an order placed with a key (a server keeps
   *     the JSON it answered)
   */
  public InMemoryIdempotencyStore(Function<Order, byte[]> answerOf) {
    this.answerOf = answerOf;
  }

  @Override
  public synchronized Optional<PlaceOrder.Outcome.Replayed> claim(
      String scope, IdempotencyKey key) {
    Kept earlier = kept.get(scope + " " + key.value());
    if (earlier == null) {
      return Optional.empty();
    }
    if (!key.sameSecret(earlier.key().secretHash())
        || !key.sameRequest(earlier.key().requestHash())) {
      throw new DomainException.RuleViolated(
          "idempotency_key_reused",
          "this Idempotency-Key was already used with a different request");
    }
    return Optional.of(earlier.answer());
  }

  @Override
  public synchronized byte[] record(
      String scope, IdempotencyKey key, PlaceOrder.Outcome.Placed placed) {
    byte[] answer = answerOf.apply(placed.order());
    kept.put(
        scope + " " + key.value(),
        new Kept(key, new PlaceOrder.Outcome.Replayed(answer, placed.orderTokenFor())));
    return answer;
  }
}
