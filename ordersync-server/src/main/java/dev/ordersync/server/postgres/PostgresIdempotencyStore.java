package dev.ordersync.server.postgres;

import dev.ordersync.core.order.IdempotencyStore;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.IdempotencyKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Idempotency keys in PostgreSQL. A request claims its key with a transaction-scoped advisory lock:
 * a second request with the same key, on any server instance, fails to take the lock while the
 * first is in flight and is told so at once instead of waiting; after the first commits, the second
 * finds the stored response and replays it.
 */
public final class PostgresIdempotencyStore implements IdempotencyStore {
  static final Duration RETENTION = Duration.ofHours(24);

  /** The status of the answer kept: placing an order answers 201 Created. */
  private static final int CREATED = 201;

  private final JdbcTransactions tx;
  private final Columns columns;
  private final Clock clock;
  private final Function<Order, byte[]> answerOf;

  /**
   * The stored responses hold customer data, so they are encrypted like every other column of
   * personal data. {@code answerOf} writes a placed order as the API answers it (the wiring gives
   * the JSON of the order's view), which is what a retry is answered again.
   */
  public PostgresIdempotencyStore(
      JdbcTransactions tx, Columns columns, Clock clock, Function<Order, byte[]> answerOf) {
    this.tx = tx;
    this.columns = columns;
    this.clock = clock;
    this.answerOf = answerOf;
  }

  @Override
  public Optional<PlaceOrder.Outcome.Replayed> claim(String scope, IdempotencyKey idempotencyKey) {
    String key = idempotencyKey.value();
    if (!tx.inTransaction()) {
      throw new IllegalStateException("claim an idempotency key inside a unit of work");
    }
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
            // Keys are visible ASCII (no spaces), so the space cannot be part of either and the
            // pair is unambiguous.
            ps.setString(1, scope + " " + key);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (!rs.getBoolean(1)) {
                throw new DomainException.Conflict(
                    "idempotency_key_in_use",
                    "a request with this Idempotency-Key is still being processed");
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT request_hash, secret_hash, response, order_token_for, created_at"
                      + " FROM idempotency_keys"
                      + " WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              Instant created = Rows.instant(rs, "created_at");
              if (created.plus(RETENTION).isBefore(clock.instant())) {
                forget(scope, key);
                return Optional.empty();
              }
              // The secret first, answered like another request: without it a stranger must not
              // learn whether a body it guessed (a name, a phone) was the first request's.
              if (!idempotencyKey.sameSecret(rs.getBytes("secret_hash"))
                  || !idempotencyKey.sameRequest(rs.getBytes("request_hash"))) {
                throw new DomainException.RuleViolated(
                    "idempotency_key_reused",
                    "this Idempotency-Key was already used with a different request");
              }
              byte[] body =
                  columns.openBytes(
                      "idempotency_keys", "response", scope + " " + key, rs.getBytes("response"));
              return Optional.of(
                  new PlaceOrder.Outcome.Replayed(body, Rows.uuid(rs, "order_token_for")));
            }
          }
        });
  }

  private void forget(String scope, String key) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM idempotency_keys WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public byte[] record(String scope, IdempotencyKey key, PlaceOrder.Outcome.Placed placed) {
    byte[] body = answerOf.apply(placed.order());
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO idempotency_keys (scope, key, request_hash, status, response, order_token_for, created_at,"
                      + " secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, scope);
            ps.setString(2, key.value());
            ps.setBytes(3, key.requestHash());
            ps.setInt(4, CREATED);
            ps.setBytes(
                5,
                columns.sealBytes("idempotency_keys", "response", scope + " " + key.value(), body));
            ps.setObject(6, placed.orderTokenFor());
            Rows.set(ps, 7, clock.instant());
            ps.setBytes(8, key.secretHash());
            return ps.executeUpdate();
          }
        });
    return body;
  }

  /** Deletes records past their retention; returns how many. Run periodically. */
  public int purgeExpired() {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
            Rows.set(ps, 1, clock.instant().minus(RETENTION));
            return ps.executeUpdate();
          }
        });
  }
}
