package dev.ordersync.server.postgres;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.shared.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The notification outbox in PostgreSQL: each message is a row of {@code notifications} written on
 * the connection of the unit of work open on this thread, so it is kept exactly when the change
 * that caused it is. The recipient, title and body are encrypted under the key of the person the
 * recipient belongs to (an order's guest, or a user), bound to the row and column, so erasing that
 * person shreds them; a keyed blind index of the recipient makes (source, channel, recipient)
 * unique, so recording the same message twice keeps one.
 *
 * <p>A message of a channel that has no provider here is recorded as {@code dropped} with the code
 * {@code channel_off} and without its recipient or text: nothing waits for a provider that may
 * never come, and an admin can still see that it was not sent.
 */
public final class PostgresNotificationOutbox implements NotificationOutbox {
  /** The kinds whose recipient is an order's guest (the subject is the order). */
  static final Set<NotificationKind> GUEST_KINDS =
      EnumSet.of(
          NotificationKind.ORDER_ACCEPTED,
          NotificationKind.ORDER_READY,
          NotificationKind.ORDER_REJECTED,
          NotificationKind.ORDER_CANCELED,
          NotificationKind.ORDER_REFUNDED);

  static final String TABLE = "notifications";
  static final String RECIPIENT = "recipient";
  static final String TITLE = "title";
  static final String BODY = "body";

  private static final String INSERT =
      "INSERT INTO notifications (id, source_id, kind, channel, restaurant_id, subject_id, subject_key,"
          + " recipient_ct, recipient_bidx, title_ct, body_ct, status, last_code, next_attempt_at, expires_at,"
          + " created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now() + make_interval(secs => ?), now(), now())"
          + " ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING";

  /** What the outbox tells the deliverer. */
  public interface Listener {
    /** Messages were recorded to send, and the unit of work recording them has committed. */
    void queued();

    /** A message was recorded as dropped because its channel is off; after commit. */
    void channelOff(Notification notification);
  }

  private final JdbcTransactions tx;
  private final Columns columns;
  private final Set<Channel> on;
  private final Duration maxAge;
  private final Listener listener;

  /**
   * @param on the channels that have a provider
   * @param maxAge how long a message may wait for its provider before it fails as expired
   */
  public PostgresNotificationOutbox(
      JdbcTransactions tx, Columns columns, Set<Channel> on, Duration maxAge, Listener listener) {
    this.tx = tx;
    this.columns = columns;
    this.on = Set.copyOf(on);
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void enqueue(Notification n) {
    Message m = n.message();
    Channel channel = n.kind().channel();
    boolean channelOn = on.contains(channel);
    UUID id = Ids.newId();
    byte[] index = columns.recipientIndex(normalized(m));
    boolean inserted =
        tx.withConnection(
            c -> {
              String subject = subjectKey(c, n);
              try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setObject(1, id);
                ps.setString(2, n.sourceId());
                ps.setString(3, n.kind().name());
                ps.setString(4, channel.name());
                ps.setObject(5, n.restaurantId());
                ps.setObject(6, n.subjectId());
                ps.setString(7, subject);
                ps.setBytes(
                    8, channelOn ? columns.seal(TABLE, RECIPIENT, id, subject, m.to()) : null);
                ps.setBytes(9, index);
                ps.setBytes(
                    10, channelOn ? columns.seal(TABLE, TITLE, id, subject, m.subject()) : null);
                ps.setBytes(
                    11, channelOn ? columns.seal(TABLE, BODY, id, subject, m.body()) : null);
                ps.setString(12, channelOn ? "pending" : "dropped");
                ps.setString(13, channelOn ? null : "channel_off");
                ps.setDouble(14, maxAge.toMillis() / 1000.0);
                return ps.executeUpdate() == 1;
              }
            });
    if (!inserted) {
      return;
    }
    if (channelOn) {
      tx.afterCommit(listener::queued);
    } else {
      tx.afterCommit(() -> listener.channelOff(n));
    }
  }

  /**
   * The key the recipient is encrypted under: the guest's of an order (the order's own when it was
   * placed anonymously, its account's otherwise, as for the order's phone), a user's own otherwise.
   */
  private static String subjectKey(Connection c, Notification n) throws SQLException {
    if (!GUEST_KINDS.contains(n.kind())) {
      return Columns.userSubject(n.subjectId());
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT customer_user_id FROM orders WHERE id = ?")) {
      ps.setObject(1, n.subjectId());
      try (ResultSet rs = ps.executeQuery()) {
        UUID customer = rs.next() ? Rows.uuid(rs, "customer_user_id") : null;
        return Columns.orderSubject(n.subjectId(), customer);
      }
    }
  }

  /** The recipient as the unique key compares it: an email's case and spaces do not matter. */
  static String normalized(Message m) {
    String to = m.to().strip();
    return m.channel() == Channel.EMAIL ? to.toLowerCase(Locale.ROOT) : to;
  }

  /**
   * A guest erased their order's personal data: its messages still waiting (or dead, or of unknown
   * fate) are dropped, and every message about it loses its recipient and text. On the erasure's
   * own connection, so it commits with the erasure.
   */
  static void eraseForOrder(Connection c, UUID orderId) throws SQLException {
    erase(c, "subject_id = ?", orderId);
  }

  /**
   * A user erased their account: the same for their own messages and for those to them as the guest
   * of their orders (encrypted under their key).
   */
  static void eraseForUser(Connection c, UUID userId) throws SQLException {
    erase(c, "subject_key = 'user:' || ?::text", userId);
  }

  private static void erase(Connection c, String where, UUID id) throws SQLException {
    String sql =
        "UPDATE notifications SET recipient_ct = NULL, title_ct = NULL, body_ct = NULL,"
            + " last_code = CASE WHEN status IN ('pending', 'failed', 'unknown') THEN 'erased' ELSE last_code END,"
            + " lease_owner = CASE WHEN status = 'pending' THEN NULL ELSE lease_owner END,"
            + " lease_until = CASE WHEN status = 'pending' THEN NULL ELSE lease_until END,"
            + " status = CASE WHEN status IN ('pending', 'failed', 'unknown') THEN 'dropped' ELSE status END,"
            + " updated_at = now()"
            + " WHERE "
            + where
            + " AND (recipient_ct IS NOT NULL OR status IN ('pending', 'failed', 'unknown'))";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }
}
