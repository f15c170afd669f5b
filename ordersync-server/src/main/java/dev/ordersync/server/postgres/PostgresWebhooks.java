package dev.ordersync.server.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound webhooks in PostgreSQL (decision 0045-webhooks): a restaurant's endpoints (URL and
 * secrets encrypted, bound to their row), the events recorded in the change's own unit of work, and
 * the deliveries the dispatcher claims with a lease ({@code FOR UPDATE SKIP LOCKED}) and records.
 * The owner's reads and writes run in the caller's unit of work behind the tenant wall; the
 * dispatcher's steps are single auto-committed statements on a pool of its own, guarded by the
 * lease owner, on the database's clock.
 */
public final class PostgresWebhooks {
  static final String ENDPOINTS = "webhook_endpoints";
  static final String EVENTS = "webhook_events";

  /** An endpoint as its owner sees it (never its secrets but right after making or rotating). */
  public record Endpoint(
      UUID id,
      UUID restaurantId,
      String url,
      List<String> events,
      String status,
      Instant failingSince,
      Instant disabledAt,
      Instant previousSecretUntil,
      Instant createdAt,
      Instant updatedAt) {}

  /** One delivery in the endpoint's log. */
  public record Delivery(
      UUID id,
      UUID endpointId,
      UUID eventId,
      String eventType,
      String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      Instant nextAttemptAt,
      Instant createdAt,
      Instant deliveredAt) {}

  /** A delivery claimed for sending, still sealed. */
  public record Claimed(UUID id, UUID endpointId, UUID eventId, int attempts) {}

  /**
   * What a claimed delivery sends, opened: null fields never; {@code previousSecret} null when no
   * rotation is under way.
   */
  public record Outgoing(
      Claimed delivery, String url, String secret, String previousSecret, byte[] body) {}

  /** Deliveries due and not sent: how many, and how long the oldest has been due (0 when none). */
  public record Lag(long due, double oldestDueSeconds) {}

  /** An endpoint the dispatcher disabled: whose, and where it pointed. */
  public record Disabled(UUID endpointId, UUID restaurantId, String url) {}

  private final JdbcTransactions tx;
  private final Columns columns;

  public PostgresWebhooks(JdbcTransactions tx, Columns columns) {
    this.tx = tx;
    this.columns = columns;
  }

  // ---- endpoints (the owner's unit of work) ----

  public void create(
      UUID id, UUID restaurantId, String url, String secret, List<String> events, Instant at) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO webhook_endpoints (id, restaurant_id, url_ct, secret_ct, events, status,"
                      + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'enabled', ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, restaurantId);
            ps.setBytes(3, columns.seal(ENDPOINTS, "url", id, null, url));
            ps.setBytes(4, columns.seal(ENDPOINTS, "secret", id, null, secret));
            ps.setArray(5, c.createArrayOf("text", events.toArray()));
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static final String ENDPOINT_COLUMNS =
      "id, restaurant_id, url_ct, events, status, failing_since, disabled_at, previous_secret_until,"
          + " created_at, updated_at";

  public List<Endpoint> list(UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + ENDPOINT_COLUMNS
                      + " FROM webhook_endpoints WHERE restaurant_id = ? AND deleted_at IS NULL"
                      + " ORDER BY created_at, id")) {
            ps.setObject(1, restaurantId);
            List<Endpoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(endpoint(rs));
              }
            }
            return out;
          }
        });
  }

  public Optional<Endpoint> byId(UUID restaurantId, UUID id) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + ENDPOINT_COLUMNS
                      + " FROM webhook_endpoints WHERE restaurant_id = ? AND id = ?"
                      + " AND deleted_at IS NULL")) {
            ps.setObject(1, restaurantId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(endpoint(rs)) : Optional.<Endpoint>empty();
            }
          }
        });
  }

  private Endpoint endpoint(ResultSet rs) throws SQLException {
    UUID id = Rows.uuid(rs, "id");
    Array events = rs.getArray("events");
    return new Endpoint(
        id,
        Rows.uuid(rs, "restaurant_id"),
        columns.open(ENDPOINTS, "url", id, null, rs.getBytes("url_ct")),
        List.copyOf(Arrays.asList((String[]) events.getArray())),
        rs.getString("status"),
        Rows.instant(rs, "failing_since"),
        Rows.instant(rs, "disabled_at"),
        Rows.instant(rs, "previous_secret_until"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"));
  }

  /**
   * Deleted: gone from the owner's list, and its waiting deliveries dropped (its secrets and URL
   * are removed too). False when there was none.
   */
  public boolean delete(UUID restaurantId, UUID id, Instant at) {
    return tx.withConnection(
        c -> {
          int n;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE webhook_endpoints SET deleted_at = ?, updated_at = ?, status = 'disabled',"
                      + " secret_ct = ''::bytea, previous_secret_ct = NULL, url_ct = ''::bytea"
                      + " WHERE restaurant_id = ? AND id = ? AND deleted_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setObject(3, restaurantId);
            ps.setObject(4, id);
            n = ps.executeUpdate();
          }
          if (n == 1) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE webhook_deliveries SET status = 'dropped', last_error = 'endpoint_deleted',"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
                        + " WHERE endpoint_id = ? AND status = 'pending'")) {
              ps.setObject(1, id);
              ps.executeUpdate();
            }
          }
          return n == 1;
        });
  }

  /**
   * A new secret; the current one becomes the previous one, valid (and signing) until {@code
   * previousUntil}. False when there is no such endpoint.
   */
  public boolean rotate(
      UUID restaurantId, UUID id, String newSecret, Instant previousUntil, Instant at) {
    return tx.withConnection(
        c -> {
          byte[] current;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT secret_ct FROM webhook_endpoints WHERE restaurant_id = ? AND id = ?"
                      + " AND deleted_at IS NULL FOR UPDATE")) {
            ps.setObject(1, restaurantId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return false;
              }
              current = rs.getBytes(1);
            }
          }
          String old = columns.open(ENDPOINTS, "secret", id, null, current);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE webhook_endpoints SET secret_ct = ?, previous_secret_ct = ?,"
                      + " previous_secret_until = ?, updated_at = ? WHERE id = ?")) {
            ps.setBytes(1, columns.seal(ENDPOINTS, "secret", id, null, newSecret));
            ps.setBytes(2, columns.seal(ENDPOINTS, "previous_secret", id, null, old));
            ps.setTimestamp(3, Timestamp.from(previousUntil));
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setObject(5, id);
            ps.executeUpdate();
          }
          return true;
        });
  }

  /** Enabled again, its run of failures forgotten. False when there is no such endpoint. */
  public boolean enable(UUID restaurantId, UUID id, Instant at) {
    return update(
            "UPDATE webhook_endpoints SET status = 'enabled', failing_since = NULL, disabled_at = NULL,"
                + " updated_at = ? WHERE restaurant_id = ? AND id = ? AND deleted_at IS NULL",
            Timestamp.from(at),
            restaurantId,
            id)
        == 1;
  }

  // ---- events (the change's unit of work) ----

  /**
   * The endpoints of the restaurant that want events of {@code type} now: the question asked in
   * each change before anything is written, so a restaurant without endpoints pays one indexed
   * read.
   */
  public List<UUID> subscribers(UUID restaurantId, String type) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM webhook_endpoints WHERE restaurant_id = ? AND deleted_at IS NULL"
                      + " AND status = 'enabled' AND ? = ANY (events)")) {
            ps.setObject(1, restaurantId);
            ps.setString(2, type);
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(Rows.uuid(rs, "id"));
              }
            }
            return out;
          }
        });
  }

  /**
   * Records an event and one delivery of it per endpoint in {@code to}, due now and retried until
   * {@code window} has passed.
   *
   * @param subjectKey whose personal data the body may carry ({@code order:<id>}, {@code
   *     user:<id>}), or null
   */
  public void record(
      UUID eventId,
      UUID restaurantId,
      String type,
      String subjectKey,
      String body,
      Instant at,
      List<UUID> to,
      Duration window) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO webhook_events (id, restaurant_id, type, subject_key, body_ct, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, eventId);
            ps.setObject(2, restaurantId);
            ps.setString(3, type);
            ps.setString(4, subjectKey);
            ps.setBytes(5, columns.seal(EVENTS, "body", eventId, subjectKey, body));
            ps.setTimestamp(6, Timestamp.from(at));
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, restaurant_id, status,"
                      + " next_attempt_at, expires_at, created_at, updated_at)"
                      + " SELECT gen_random_uuid(), e, ?, ?, 'pending', ?, ?, ?, ?"
                      + " FROM unnest(?::uuid[]) AS e")) {
            ps.setObject(1, eventId);
            ps.setObject(2, restaurantId);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setTimestamp(4, Timestamp.from(at.plus(window)));
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setArray(7, c.createArrayOf("uuid", to.toArray()));
            ps.executeUpdate();
          }
          return null;
        });
  }

  // ---- the delivery log and replays (the owner's unit of work) ----

  /** The endpoint's deliveries, newest first, after {@code before} (a delivery id) if given. */
  public List<Delivery> deliveries(UUID endpointId, UUID before, int limit) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT d.id, d.endpoint_id, d.event_id, ev.type, d.status, d.attempts,"
                      + " d.last_status_code, d.last_error, d.next_attempt_at, d.created_at, d.delivered_at"
                      + " FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id"
                      + " WHERE d.endpoint_id = ?"
                      + " AND (?::timestamptz IS NULL OR (d.created_at, d.id) < (?::timestamptz, ?::uuid))"
                      + " ORDER BY d.created_at DESC, d.id DESC LIMIT ?")) {
            Instant cursorAt = null;
            if (before != null) {
              cursorAt = createdAt(c, before);
            }
            ps.setObject(1, endpointId);
            ps.setTimestamp(2, cursorAt == null ? null : Timestamp.from(cursorAt));
            ps.setTimestamp(3, cursorAt == null ? null : Timestamp.from(cursorAt));
            ps.setObject(4, before);
            ps.setInt(5, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Delivery(
                        Rows.uuid(rs, "id"),
                        Rows.uuid(rs, "endpoint_id"),
                        Rows.uuid(rs, "event_id"),
                        rs.getString("type"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        Rows.nullableInt(rs, "last_status_code"),
                        rs.getString("last_error"),
                        rs.getString("status").equals("pending")
                            ? Rows.instant(rs, "next_attempt_at")
                            : null,
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "delivered_at")));
              }
            }
            return out;
          }
        });
  }

  private static Instant createdAt(Connection c, UUID delivery) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT created_at FROM webhook_deliveries WHERE id = ?")) {
      ps.setObject(1, delivery);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Rows.instant(rs, "created_at") : Instant.EPOCH;
      }
    }
  }

  /**
   * The delivery sent again (same event, same id), due now and retried for {@code window} again.
   * False when the endpoint has no such delivery.
   */
  public boolean replay(UUID endpointId, UUID deliveryId, Instant at, Duration window) {
    return update(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, expires_at = ?,"
                + " lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
                + " WHERE id = ? AND endpoint_id = ? AND status <> 'dropped'",
            Timestamp.from(at),
            Timestamp.from(at.plus(window)),
            deliveryId,
            endpointId)
        == 1;
  }

  /**
   * Every event of the restaurant recorded in {@code [from, to)} whose type the endpoint wants,
   * delivered (again) to it: at most {@code limit}. Events recorded while the endpoint wanted none
   * of them (other endpoints' events) are delivered too when of a type it wants. Returns how many.
   */
  public int replayRange(
      UUID endpointId, Instant from, Instant to, Instant at, Duration window, int limit) {
    return update(
        "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, restaurant_id, status,"
            + " next_attempt_at, expires_at, created_at, updated_at)"
            + " SELECT gen_random_uuid(), e.id, ev.id, ev.restaurant_id, 'pending', ?, ?, ?, ?"
            + " FROM webhook_endpoints e JOIN webhook_events ev ON ev.restaurant_id = e.restaurant_id"
            + " WHERE e.id = ? AND e.deleted_at IS NULL AND ev.type = ANY (e.events)"
            + " AND ev.created_at >= ? AND ev.created_at < ?"
            + " ORDER BY ev.created_at LIMIT ?"
            + " ON CONFLICT (endpoint_id, event_id) DO UPDATE SET status = 'pending',"
            + " next_attempt_at = EXCLUDED.next_attempt_at, expires_at = EXCLUDED.expires_at,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
            + " WHERE webhook_deliveries.status <> 'dropped'",
        Timestamp.from(at),
        Timestamp.from(at.plus(window)),
        Timestamp.from(at),
        Timestamp.from(at),
        endpointId,
        Timestamp.from(from),
        Timestamp.from(to),
        limit);
  }

  // ---- the dispatcher (auto-commit, its own pool, no tenant) ----

  private static final String CLAIM =
      "UPDATE webhook_deliveries d SET lease_owner = ?, lease_until = clock_timestamp() + make_interval(secs => ?)"
          + " FROM (SELECT d2.id FROM webhook_deliveries d2 JOIN webhook_endpoints e ON e.id = d2.endpoint_id"
          + " WHERE d2.status = 'pending' AND d2.next_attempt_at <= now()"
          + " AND (d2.lease_until IS NULL OR d2.lease_until < now())"
          + " AND e.status = 'enabled' AND e.deleted_at IS NULL"
          + " ORDER BY d2.next_attempt_at LIMIT ? FOR UPDATE OF d2 SKIP LOCKED) due"
          + " WHERE d.id = due.id"
          + " RETURNING d.id, d.endpoint_id, d.event_id, d.attempts";

  /**
   * Leases up to {@code limit} due deliveries of enabled endpoints to {@code owner} for {@code
   * lease} (longer than a send may take), skipping rows another instance is claiming. A claim whose
   * owner dies runs out and the delivery is claimed again: at least once, never lost.
   */
  public List<Claimed> claim(String owner, int limit, Duration lease) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, owner);
            ps.setDouble(2, seconds(lease));
            ps.setInt(3, limit);
            List<Claimed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Claimed(
                        Rows.uuid(rs, "id"),
                        Rows.uuid(rs, "endpoint_id"),
                        Rows.uuid(rs, "event_id"),
                        rs.getInt("attempts")));
              }
            }
            return out;
          }
        });
  }

  /**
   * The claimed delivery opened: where to, the secrets that sign it, and the body. Empty when the
   * body can no longer be read (its subject was erased).
   */
  public Optional<Outgoing> open(Claimed d) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT e.url_ct, e.secret_ct,"
                      + " CASE WHEN e.previous_secret_until > now() THEN e.previous_secret_ct END AS previous_ct,"
                      + " ev.subject_key, ev.body_ct"
                      + " FROM webhook_endpoints e, webhook_events ev WHERE e.id = ? AND ev.id = ?")) {
            ps.setObject(1, d.endpointId());
            ps.setObject(2, d.eventId());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Outgoing>empty();
              }
              String body =
                  columns.open(
                      EVENTS,
                      "body",
                      d.eventId(),
                      rs.getString("subject_key"),
                      rs.getBytes("body_ct"));
              if (body == null) {
                return Optional.<Outgoing>empty();
              }
              byte[] previous = rs.getBytes("previous_ct");
              return Optional.of(
                  new Outgoing(
                      d,
                      columns.open(ENDPOINTS, "url", d.endpointId(), null, rs.getBytes("url_ct")),
                      columns.open(
                          ENDPOINTS, "secret", d.endpointId(), null, rs.getBytes("secret_ct")),
                      previous == null
                          ? null
                          : columns.open(
                              ENDPOINTS, "previous_secret", d.endpointId(), null, previous),
                      body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
          }
        });
  }

  /** The endpoint answered 2xx: delivered, and the endpoint's run of failures is over. */
  public boolean delivered(Claimed d, String owner, int statusCode) {
    boolean ours =
        update(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,"
                    + " last_status_code = ?, last_error = NULL, delivered_at = clock_timestamp(),"
                    + " lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
                    + " WHERE id = ? AND lease_owner = ? AND status = 'pending'",
                statusCode,
                d.id(),
                owner)
            == 1;
    update(
        "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL",
        d.endpointId());
    return ours;
  }

  /**
   * The attempt failed (an answer other than 2xx, a time-out, no connection): pending again after
   * {@code delay}, or failed when that is past the delivery's window. The endpoint's run of
   * failures starts now if it had none. Returns the new status, or empty if the row was no longer
   * ours.
   */
  public Optional<String> attemptFailed(
      Claimed d, String owner, Integer statusCode, String error, Duration delay) {
    double s = seconds(delay);
    Optional<String> status =
        tx.withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE webhook_deliveries SET attempts = attempts + 1,"
                          + " status = CASE WHEN clock_timestamp() + make_interval(secs => ?) > expires_at"
                          + " THEN 'failed' ELSE 'pending' END,"
                          + " next_attempt_at = clock_timestamp() + make_interval(secs => ?),"
                          + " last_status_code = ?, last_error = ?, lease_owner = NULL, lease_until = NULL,"
                          + " updated_at = clock_timestamp()"
                          + " WHERE id = ? AND lease_owner = ? AND status = 'pending' RETURNING status")) {
                ps.setDouble(1, s);
                ps.setDouble(2, s);
                Rows.set(ps, 3, statusCode);
                ps.setString(4, Rows.clip(error));
                ps.setObject(5, d.id());
                ps.setString(6, owner);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
              }
            });
    update(
        "UPDATE webhook_endpoints SET failing_since = clock_timestamp()"
            + " WHERE id = ? AND failing_since IS NULL",
        d.endpointId());
    return status;
  }

  /**
   * Disables the endpoint when it has been failing for {@code window}: its waiting deliveries wait
   * (the claim skips a disabled endpoint) until the owner enables it again. Returns it when this
   * call disabled it (once, however many instances ask).
   */
  public Optional<Disabled> disableIfFailingFor(UUID endpointId, Duration window) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE webhook_endpoints SET status = 'disabled', disabled_at = clock_timestamp(),"
                      + " updated_at = clock_timestamp()"
                      + " WHERE id = ? AND status = 'enabled' AND deleted_at IS NULL"
                      + " AND failing_since <= clock_timestamp() - make_interval(secs => ?)"
                      + " RETURNING restaurant_id, url_ct")) {
            ps.setObject(1, endpointId);
            ps.setDouble(2, seconds(window));
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Disabled>empty();
              }
              return Optional.of(
                  new Disabled(
                      endpointId,
                      Rows.uuid(rs, "restaurant_id"),
                      columns.open(ENDPOINTS, "url", endpointId, null, rs.getBytes("url_ct"))));
            }
          }
        });
  }

  /** A claimed delivery that cannot be sent (its body was shredded): dropped, never sent. */
  public boolean drop(Claimed d, String owner, String reason) {
    return update(
            "UPDATE webhook_deliveries SET status = 'dropped', last_error = ?, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = clock_timestamp()"
                + " WHERE id = ? AND lease_owner = ? AND status = 'pending'",
            reason,
            d.id(),
            owner)
        == 1;
  }

  /** A claimed delivery this owner will not send after all (it is stopping): free for others. */
  public boolean release(Claimed d, String owner) {
    return update(
            "UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ? AND status = 'pending'",
            d.id(),
            owner)
        == 1;
  }

  /** How far delivery is behind: due deliveries of enabled endpoints, and the oldest one's age. */
  public Lag lag() {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(d.next_attempt_at)), 0)"
                          + " FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                          + " WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
                          + " AND e.status = 'enabled' AND e.deleted_at IS NULL");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Lag(rs.getLong(1), Math.max(0, rs.getDouble(2)));
          }
        });
  }

  private int update(String sql, Object... params) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
          }
        });
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /** The subject an order's personal data belongs to, for {@link #record}'s {@code subjectKey}. */
  public static String orderSubject(UUID orderId, UUID customerUserId) {
    return Columns.orderSubject(orderId, customerUserId);
  }
}
