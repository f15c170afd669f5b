package dev.ordersync.server.postgres;

import static dev.ordersync.server.postgres.PostgresNotificationOutbox.BODY;
import static dev.ordersync.server.postgres.PostgresNotificationOutbox.RECIPIENT;
import static dev.ordersync.server.postgres.PostgresNotificationOutbox.TABLE;
import static dev.ordersync.server.postgres.PostgresNotificationOutbox.TITLE;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.NotificationKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The notifications table as the deliverer and the admins see it. Every step is one statement in
 * auto-commit on a connection of its own (never inside a change's unit of work), guarded by the
 * row's status and lease owner, so a step that lost the row (erased meanwhile, taken over after its
 * lease ran out, retried by an admin) changes nothing and says so. Times are the database's, so
 * instances never disagree about a lease.
 */
public final class PostgresNotificationQueue {
  /** The statuses a row may have. */
  public static final List<String> STATUSES =
      List.of("pending", "sending", "sent", "unknown", "failed", "dropped");

  /**
   * A message claimed for sending, still sealed: {@link #open} reads it (on the sender's thread, so
   * the claiming thread never waits for keys).
   */
  public record Claimed(
      UUID id,
      NotificationKind kind,
      Channel channel,
      int attempts,
      String subjectKey,
      byte[] recipient,
      byte[] title,
      byte[] body) {
    @Override
    public String toString() {
      return "Claimed[" + id + ", " + kind + ", attempt " + (attempts + 1) + "]";
    }
  }

  /** Pending messages: how many, and how long the oldest has waited (0 when none). */
  public record Depth(long pending, double oldestAgeSeconds) {}

  /**
   * One row as the admin list shows it: never the full recipient, title or body.
   *
   * @param subjectKey whose personal data the recipient is ({@code order:<id>} or {@code
   *     user:<id>})
   */
  public record Row(
      UUID id,
      NotificationKind kind,
      Channel channel,
      String maskedRecipient,
      String status,
      int attempts,
      String lastCode,
      String lastDetail,
      Instant createdAt,
      Instant nextAttemptAt,
      UUID restaurantId,
      String subjectKey) {}

  /** What an admin's retry found. */
  public enum Retry {
    RETRIED,
    NOT_FOUND,
    NOT_RETRYABLE
  }

  private static final String CLAIM =
      "UPDATE notifications n SET lease_owner = ?, lease_until = clock_timestamp() + make_interval(secs => ?)"
          + " FROM (SELECT id FROM notifications WHERE status = 'pending' AND channel = ?"
          + " AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())"
          + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
          + " WHERE n.id = due.id"
          + " RETURNING n.id, n.kind, n.channel, n.subject_key, n.recipient_ct, n.title_ct, n.body_ct, n.attempts";

  /** The row still ours: leased by this owner, in this status. */
  private static final String OURS = " WHERE id = ? AND lease_owner = ? AND status = ?";

  private final JdbcTransactions tx;
  private final Columns columns;

  public PostgresNotificationQueue(JdbcTransactions tx, Columns columns) {
    this.tx = tx;
    this.columns = columns;
  }

  /**
   * Leases up to {@code limit} due pending messages of {@code channel} to {@code owner} for {@code
   * lease}, skipping rows another instance is claiming at the same moment. They stay pending: a
   * claim that is never followed by {@link #markSending} runs out and the row is claimed again.
   */
  public List<Claimed> claim(Channel channel, String owner, int limit, Duration lease) {
    List<Claimed> claimed = new ArrayList<>();
    tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, owner);
            ps.setDouble(2, seconds(lease));
            ps.setString(3, channel.name());
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                claimed.add(claimed(rs));
              }
            }
          }
          return null;
        });
    return claimed;
  }

  private static Claimed claimed(ResultSet rs) throws SQLException {
    return new Claimed(
        Rows.uuid(rs, "id"),
        NotificationKind.valueOf(rs.getString("kind")),
        Channel.valueOf(rs.getString("channel")),
        rs.getInt("attempts"),
        rs.getString("subject_key"),
        rs.getBytes("recipient_ct"),
        rs.getBytes("title_ct"),
        rs.getBytes("body_ct"));
  }

  /**
   * The claimed message, or null when its recipient can no longer be read (its subject was erased):
   * such a message is dropped, never sent.
   */
  public Message open(Claimed c) {
    String to = columns.open(TABLE, RECIPIENT, c.id(), c.subjectKey(), c.recipient());
    String body = columns.open(TABLE, BODY, c.id(), c.subjectKey(), c.body());
    if (to == null || body == null) {
      return null;
    }
    String title = columns.open(TABLE, TITLE, c.id(), c.subjectKey(), c.title());
    return new Message(c.channel(), to, title, body);
  }

  /**
   * Marks a claimed message as being sent, committed before the provider is called: from here on, a
   * sender that dies leaves it {@code sending}, which {@link #expireSending} turns into {@code
   * unknown} rather than pending. False if the row is no longer this owner's pending row (erased
   * meanwhile): then it must not be sent.
   */
  public boolean markSending(UUID id, String owner, Duration lease) {
    return update(
        "UPDATE notifications SET status = 'sending', attempts = attempts + 1,"
            + " lease_until = clock_timestamp() + make_interval(secs => ?), updated_at = clock_timestamp()"
            + OURS,
        seconds(lease),
        id,
        owner,
        "pending");
  }

  /**
   * The provider took it. Also records the outcome of a send that outlived its lease (the row was
   * turned {@code unknown} meanwhile) as long as no admin has retried it since.
   */
  public boolean sent(UUID id, String owner, String providerMessageId) {
    return finish(
        "status = 'sent', provider_message_id = ?, sent_at = clock_timestamp(), last_code = NULL,"
            + " last_detail = NULL",
        id,
        owner,
        providerMessageId);
  }

  /** The provider refused it for good: a dead letter with the provider's code. */
  public boolean failed(UUID id, String owner, String code, String detail) {
    return finish(
        "status = 'failed', last_code = ?, last_detail = ?", id, owner, code, Rows.clip(detail));
  }

  /** No answer came back: the provider may have it; never sent again by itself. */
  public boolean unknown(UUID id, String owner, String code, String detail) {
    return finish(
        "status = 'unknown', last_code = ?, last_detail = ?", id, owner, code, Rows.clip(detail));
  }

  /**
   * Pending again after {@code delay}; failed with the code {@code expired} instead when that would
   * be past the message's expiry. Returns the new status, or empty if the row was no longer ours.
   */
  public Optional<String> retryLater(
      UUID id, String owner, String code, String detail, Duration delay) {
    String sql =
        "UPDATE notifications SET"
            + " status = CASE WHEN clock_timestamp() + make_interval(secs => ?) > expires_at THEN 'failed' ELSE 'pending' END,"
            + " last_code = CASE WHEN clock_timestamp() + make_interval(secs => ?) > expires_at THEN 'expired' ELSE ? END,"
            + " last_detail = ?, next_attempt_at = clock_timestamp() + make_interval(secs => ?),"
            + " lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
            + OURS
            + " RETURNING status";
    double s = seconds(delay);
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, s);
            ps.setDouble(2, s);
            ps.setString(3, code);
            ps.setString(4, Rows.clip(detail));
            ps.setDouble(5, s);
            ps.setObject(6, id);
            ps.setString(7, owner);
            ps.setString(8, "sending");
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  /**
   * A claimed message whose recipient can no longer be read (its subject was erased): dropped, its
   * ciphertexts removed, never sent.
   */
  public boolean dropUnreadable(UUID id, String owner) {
    return update(
        "UPDATE notifications SET status = 'dropped', last_code = 'erased', recipient_ct = NULL, title_ct = NULL,"
            + " body_ct = NULL, lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
            + OURS,
        id,
        owner,
        "pending");
  }

  /** A claimed message this owner will not send after all (it is stopping): free for others now. */
  public boolean release(UUID id, String owner) {
    return update(
        "UPDATE notifications SET lease_owner = NULL, lease_until = NULL" + OURS,
        id,
        owner,
        "pending");
  }

  /**
   * Messages left {@code sending} past their lease (their sender died between marking and
   * recording, or the send outlived the lease): {@code unknown}, for an admin to look at. Returns
   * how many.
   */
  public int expireSending() {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE notifications SET status = 'unknown', last_code = 'lease_expired',"
                      + " last_detail = 'the sender stopped answering between marking it sending and recording the outcome',"
                      + " updated_at = clock_timestamp()"
                      + " WHERE status = 'sending' AND lease_until < now()")) {
            return ps.executeUpdate();
          }
        });
  }

  /** How many messages are pending, and the age of the oldest. */
  public Depth depth() {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)"
                          + " FROM notifications WHERE status = 'pending'");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Depth(rs.getLong(1), Math.max(0, rs.getDouble(2)));
          }
        });
  }

  /**
   * One page of messages, newest first, in {@code status} (every status when null), starting after
   * {@code before} (an id of the previous page) when given.
   */
  public List<Row> list(String status, UUID before, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, kind, channel, subject_key, recipient_ct, status, attempts, last_code, last_detail,"
                + " created_at, next_attempt_at, restaurant_id FROM notifications WHERE true");
    if (status != null) {
      sql.append(" AND status = ?");
    }
    if (before != null) {
      sql.append(" AND id < ?");
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (status != null) {
              ps.setString(i++, status);
            }
            if (before != null) {
              ps.setObject(i++, before);
            }
            ps.setInt(i, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(row(rs));
              }
            }
            return rows;
          }
        });
  }

  private Row row(ResultSet rs) throws SQLException {
    UUID id = Rows.uuid(rs, "id");
    Channel channel = Channel.valueOf(rs.getString("channel"));
    String to =
        columns.open(
            TABLE, RECIPIENT, id, rs.getString("subject_key"), rs.getBytes("recipient_ct"));
    return new Row(
        id,
        NotificationKind.valueOf(rs.getString("kind")),
        channel,
        to == null ? null : masked(channel, to),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("last_code"),
        rs.getString("last_detail"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "next_attempt_at"),
        Rows.uuid(rs, "restaurant_id"),
        rs.getString("subject_key"));
  }

  /** {@code 010-****-5678}, {@code k***@example.kr}. */
  static String masked(Channel channel, String to) {
    if (channel == Channel.EMAIL) {
      int at = to.lastIndexOf('@');
      return at <= 0 ? "***" : to.charAt(0) + "***" + to.substring(at);
    }
    String digits = to.replaceAll("[^0-9]", "");
    if (digits.length() <= 4) {
      return "****";
    }
    String last = digits.substring(digits.length() - 4);
    return digits.length() > 8 ? digits.substring(0, 3) + "-****-" + last : "****-" + last;
  }

  /** The row as it is now, or empty. */
  public Optional<Row> byId(UUID id) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, kind, channel, subject_key, recipient_ct, status, attempts, last_code, last_detail,"
                      + " created_at, next_attempt_at, restaurant_id FROM notifications WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(row(rs)) : Optional.<Row>empty();
            }
          }
        });
  }

  /**
   * An admin sends a dead or unknown message again: pending now, with a fresh expiry of {@code
   * maxAge}. Only a failed or unknown one: anything else is {@link Retry#NOT_RETRYABLE}. In the
   * caller's unit of work, so its audit record commits with it.
   */
  public Retry retry(UUID id, Duration maxAge) {
    return tx.withConnection(
        c -> {
          String status = statusForUpdate(c, id);
          if (status == null) {
            return Retry.NOT_FOUND;
          }
          if (!status.equals("failed") && !status.equals("unknown")) {
            return Retry.NOT_RETRYABLE;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE notifications SET status = 'pending', next_attempt_at = clock_timestamp(),"
                      + " expires_at = clock_timestamp() + make_interval(secs => ?), lease_owner = NULL,"
                      + " lease_until = NULL, updated_at = clock_timestamp() WHERE id = ?")) {
            ps.setDouble(1, seconds(maxAge));
            ps.setObject(2, id);
            ps.executeUpdate();
          }
          return Retry.RETRIED;
        });
  }

  private static String statusForUpdate(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM notifications WHERE id = ? FOR UPDATE")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Ends a send this owner started: from {@code sending}, or from a lease-expired unknown. */
  private boolean finish(String set, UUID id, String owner, Object... values) {
    String sql =
        "UPDATE notifications SET "
            + set
            + ", lease_owner = NULL, lease_until = NULL, updated_at = clock_timestamp()"
            + " WHERE id = ? AND lease_owner = ?"
            + " AND (status = 'sending' OR (status = 'unknown' AND last_code = 'lease_expired'))";
    Object[] params = new Object[values.length + 2];
    System.arraycopy(values, 0, params, 0, values.length);
    params[values.length] = id;
    params[values.length + 1] = owner;
    return update(sql, params);
  }

  private boolean update(String sql, Object... params) {
    return tx.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                  ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
              }
            })
        == 1;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
