package dev.ordersync.server.postgres;

import dev.ordersync.core.user.Session;
import dev.ordersync.core.user.Sessions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sessions and refresh tokens in PostgreSQL. A token is spent by one conditional UPDATE, so of two
 * concurrent requests with the same token (on one server instance or two) exactly one finds it
 * unspent.
 */
public final class PostgresSessions implements Sessions {
  private final JdbcTransactions tx;

  public PostgresSessions(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public void open(Session s, byte[] refreshTokenHash) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO sessions (id, user_id, restaurant_id, second_factor, created_at, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, s.id());
            ps.setObject(2, s.userId());
            ps.setObject(3, s.restaurantId());
            ps.setBoolean(4, s.secondFactor());
            Rows.set(ps, 5, s.createdAt());
            Rows.set(ps, 6, s.expiresAt());
            ps.executeUpdate();
          }
          insertToken(refreshTokenHash, s.id(), s.createdAt());
          return null;
        });
  }

  private void insertToken(byte[] hash, UUID sessionId, Instant at) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)")) {
            ps.setBytes(1, hash);
            ps.setObject(2, sessionId);
            Rows.set(ps, 3, at);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Rotation rotate(byte[] presentedHash, byte[] nextHash, Instant now) {
    return tx.withConnection(
        c -> {
          // The happy path in one round trip: spend the presented token, read its session, and
          // issue the next token only
          // if the session is still live. Of two requests presenting the same token, the row lock
          // of the UPDATE lets
          // exactly one spend it; the other falls through to the reuse check below.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "WITH spent AS (UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL"
                      + " RETURNING session_id),"
                      + " s AS (SELECT sessions.* FROM sessions JOIN spent ON sessions.id = spent.session_id),"
                      + " issued AS (INSERT INTO refresh_tokens (token_hash, session_id, created_at)"
                      + " SELECT ?, s.id, ? FROM s WHERE s.revoked_at IS NULL AND s.expires_at > ? RETURNING session_id)"
                      + " SELECT s.*, EXISTS (SELECT 1 FROM issued) AS issued FROM s")) {
            Rows.set(ps, 1, now);
            ps.setBytes(2, presentedHash);
            ps.setBytes(3, nextHash);
            Rows.set(ps, 4, now);
            Rows.set(ps, 5, now);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                Summary s = summary(rs);
                return rs.getBoolean("issued")
                    ? new Rotation.Rotated(s.session())
                    : new Rotation.Ended(s.session());
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT session_id FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setBytes(1, presentedHash);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return new Rotation.Reused(summary(Rows.uuid(rs, "session_id")).session());
              }
            }
          }
          return new Rotation.Unknown();
        });
  }

  private Summary summary(UUID sessionId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions WHERE id = ?")) {
            ps.setObject(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return summary(rs);
            }
          }
        });
  }

  private static Summary summary(ResultSet rs) throws SQLException {
    return new Summary(
        new Session(
            Rows.uuid(rs, "id"),
            Rows.uuid(rs, "user_id"),
            Rows.uuid(rs, "restaurant_id"),
            rs.getBoolean("second_factor"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "expires_at")),
        Rows.instant(rs, "revoked_at"),
        rs.getString("revoked_reason"));
  }

  @Override
  public void revoke(UUID sessionId, String reason, Instant at) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            Rows.set(ps, 1, at);
            ps.setString(2, reason);
            ps.setObject(3, sessionId);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int revokeAll(UUID userId, String reason, Instant at) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE users SET sessions_not_before = ? WHERE id = ?")) {
            Rows.set(ps, 1, at);
            ps.setObject(2, userId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL")) {
            Rows.set(ps, 1, at);
            ps.setString(2, reason);
            ps.setObject(3, userId);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean active(UUID sessionId, UUID userId, Instant issuedAt, Instant now) {
    // Every access token names its session, and ending all of a user's sessions revokes each of
    // them (and stamps
    // users.sessions_not_before for the record), so checking the session is enough to end tokens at
    // once.
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id"
                      + " WHERE s.id = ? AND s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
                      + " AND u.erased_at IS NULL")) {
            ps.setObject(1, sessionId);
            ps.setObject(2, userId);
            Rows.set(ps, 3, now);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public List<Summary> of(UUID userId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC")) {
            ps.setObject(1, userId);
            List<Summary> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                found.add(summary(rs));
              }
            }
            return found;
          }
        });
  }
}
