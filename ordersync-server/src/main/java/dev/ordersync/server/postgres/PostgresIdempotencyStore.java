package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.http.IdempotencyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Idempotency keys in PostgreSQL. A request claims its key with a transaction-scoped advisory lock:
 * a second request with the same key, on any server instance, fails to take the lock while the
 * first is in flight and is told so at once instead of waiting; after the first commits, the second
 * finds the stored response and replays it.
 */
public final class PostgresIdempotencyStore implements IdempotencyStore {
  static final Duration RETENTION = Duration.ofHours(24);
  private final JdbcTransactions tx;
  private final Columns columns;
  private final Clock clock;

  /**
   * The stored responses hold customer data, so they are encrypted like every other column of
   * personal data.
   */
  public PostgresIdempotencyStore(JdbcTransactions tx, Columns columns, Clock clock) {
    this.tx = tx;
    this.columns = columns;
    this.clock = clock;
  }

  @Override
  public Claim claim(String scope, String key, byte[] requestHash) {
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
                  "SELECT request_hash, status, response, order_token_for, created_at FROM idempotency_keys"
                      + " WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return new Claim.Fresh();
              }
              Instant created = Rows.instant(rs, "created_at");
              if (created.plus(RETENTION).isBefore(clock.instant())) {
                forget(scope, key);
                return new Claim.Fresh();
              }
              if (!Arrays.equals(rs.getBytes("request_hash"), requestHash)) {
                throw new DomainException.RuleViolated(
                    "idempotency_key_reused",
                    "this Idempotency-Key was already used with a different request");
              }
              byte[] body =
                  columns.openBytes(
                      "idempotency_keys", "response", scope + " " + key, rs.getBytes("response"));
              return new Claim.Replay(rs.getInt("status"), body, Rows.uuid(rs, "order_token_for"));
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
  public void record(
      String scope, String key, byte[] requestHash, int status, byte[] body, UUID orderTokenFor) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO idempotency_keys (scope, key, request_hash, status, response, order_token_for, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setBytes(3, requestHash);
            ps.setInt(4, status);
            ps.setBytes(
                5, columns.sealBytes("idempotency_keys", "response", scope + " " + key, body));
            ps.setObject(6, orderTokenFor);
            Rows.set(ps, 7, clock.instant());
            return ps.executeUpdate();
          }
        });
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
