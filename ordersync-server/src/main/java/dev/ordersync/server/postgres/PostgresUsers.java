package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts and memberships in PostgreSQL. */
public final class PostgresUsers implements Users {
  private static final String COLUMNS =
      "id, email_ct, name_ct, phone_ct, role, password_hash, created_at, erased_at";
  private final JdbcTransactions tx;
  private final Columns columns;

  public PostgresUsers(JdbcTransactions tx, Columns columns) {
    this.tx = tx;
    this.columns = columns;
  }

  /**
   * Emails are stored encrypted, so the database cannot enforce their uniqueness: registrations of
   * one email take a transaction lock on its blind index, look for an existing account, then
   * insert.
   */
  @Override
  public void add(User user) {
    String email = user.email().value();
    byte[] index = columns.emailIndex(email);
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "users.email " + java.util.HexFormat.of().formatHex(index));
            ps.execute();
          }
          return null;
        });
    if (byEmail(user.email()).isPresent()) {
      throw new DomainException.Conflict(
          "email_taken", "an account with this email already exists");
    }
    String subject = Columns.userSubject(user.id());
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (id, email_ct, email_bidx, name_ct, phone_ct, role, password_hash, created_at,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, user.id());
            ps.setBytes(2, columns.seal("users", "email", user.id(), subject, email));
            ps.setBytes(3, index);
            ps.setBytes(4, columns.seal("users", "name", user.id(), subject, user.name()));
            ps.setBytes(
                5,
                columns.seal(
                    "users",
                    "phone",
                    user.id(),
                    subject,
                    user.phone() == null ? null : user.phone().digits()));
            ps.setString(6, user.role().name());
            ps.setString(7, user.passwordHash());
            Rows.set(ps, 8, user.createdAt());
            Rows.set(ps, 9, user.createdAt());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<User> byId(UUID id) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Candidates by blind index (a few false positives by design), then the one whose decrypted email
   * matches.
   */
  @Override
  public Optional<User> byEmail(EmailAddress email) {
    List<byte[]> terms = columns.emailLookupTerms(email.value());
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM users WHERE email_bidx = ANY(?) AND erased_at IS NULL")) {
            ps.setArray(1, c.createArrayOf("bytea", terms.toArray(new byte[0][])));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                User candidate = user(rs);
                if (candidate.email().equals(email)) {
                  return Optional.of(candidate);
                }
              }
              return Optional.empty();
            }
          }
        });
  }

  private User user(ResultSet rs) throws SQLException {
    UUID id = Rows.uuid(rs, "id");
    String subject = Columns.userSubject(id);
    Instant erasedAt = Rows.instant(rs, "erased_at");
    String email = columns.open("users", "email", id, subject, rs.getBytes("email_ct"));
    String name = columns.open("users", "name", id, subject, rs.getBytes("name_ct"));
    String phone = columns.open("users", "phone", id, subject, rs.getBytes("phone_ct"));
    return new User(
        id,
        new EmailAddress(email == null ? "erased-" + id + "@erased.invalid" : email),
        name == null ? "(erased)" : name,
        phone == null ? null : new PhoneNumber(phone),
        Role.valueOf(rs.getString("role")),
        rs.getString("password_hash"),
        Rows.instant(rs, "created_at"),
        erasedAt);
  }

  @Override
  public void addMembership(Membership m) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO restaurant_members (user_id, restaurant_id, role) VALUES (?, ?, ?)"
                      + " ON CONFLICT (user_id, restaurant_id) DO UPDATE SET role = excluded.role")) {
            ps.setObject(1, m.userId());
            ps.setObject(2, m.restaurantId());
            ps.setString(3, m.role().name());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<Membership> memberships(UUID userId) {
    return membershipsWhere("user_id", userId);
  }

  private List<Membership> membershipsWhere(String column, UUID id) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT restaurant_id, user_id, role FROM restaurant_members WHERE "
                      + column
                      + " = ?"
                      + " ORDER BY created_at")) {
            ps.setObject(1, id);
            List<Membership> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                found.add(membership(rs));
              }
            }
            return found;
          }
        });
  }

  @Override
  public Optional<Membership> membership(UUID userId, UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT restaurant_id, user_id, role FROM restaurant_members WHERE user_id = ? AND restaurant_id = ?")) {
            ps.setObject(1, userId);
            ps.setObject(2, restaurantId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(membership(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<UUID> owners(UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT user_id FROM restaurant_members WHERE restaurant_id = ? AND role = 'OWNER'")) {
            ps.setObject(1, restaurantId);
            List<UUID> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                found.add(Rows.uuid(rs, "user_id"));
              }
            }
            return found;
          }
        });
  }

  @Override
  public List<Membership> members(UUID restaurantId) {
    return membershipsWhere("restaurant_id", restaurantId);
  }

  @Override
  public boolean removeMembership(UUID userId, UUID restaurantId) {
    return update(
            "DELETE FROM restaurant_members WHERE user_id = ? AND restaurant_id = ?",
            userId,
            restaurantId)
        == 1;
  }

  @Override
  public void changePassword(UUID userId, String passwordHash, Instant at) {
    update(
        "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
        passwordHash,
        at,
        userId);
  }

  @Override
  public Optional<SecondFactor> secondFactor(UUID userId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT mfa_secret, mfa_enabled, mfa_last_step FROM users WHERE id = ?")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || rs.getBytes(1) == null) {
                return Optional.empty();
              }
              long last = rs.getLong(3);
              return Optional.of(
                  new SecondFactor(
                      rs.getBytes(1), rs.getBoolean(2), rs.wasNull() ? Long.MIN_VALUE : last));
            }
          }
        });
  }

  @Override
  public void saveSecondFactorSecret(UUID userId, byte[] sealedSecret) {
    update(
        "UPDATE users SET mfa_secret = ?, mfa_enabled = false, mfa_last_step = NULL WHERE id = ? AND NOT mfa_enabled",
        sealedSecret,
        userId);
  }

  @Override
  public void enableSecondFactor(UUID userId, long usedStep, List<byte[]> recoveryCodeHashes) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE users SET mfa_enabled = true, mfa_last_step = ? WHERE id = ?")) {
            ps.setLong(1, usedStep);
            ps.setObject(2, userId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ?")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)")) {
            for (byte[] hash : recoveryCodeHashes) {
              ps.setObject(1, userId);
              ps.setBytes(2, hash);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public boolean useTotpStep(UUID userId, long step) {
    // The condition and the write are one statement, so two requests with the same code cannot both
    // pass.
    return update(
            "UPDATE users SET mfa_last_step = ? WHERE id = ? AND mfa_enabled"
                + " AND (mfa_last_step IS NULL OR mfa_last_step < ?)",
            step,
            userId,
            step)
        == 1;
  }

  @Override
  public boolean useRecoveryCode(UUID userId, byte[] codeHash) {
    return update(
            "UPDATE recovery_codes SET used_at = now() WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
            userId,
            codeHash)
        == 1;
  }

  @Override
  public int recoveryCodesLeft(UUID userId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public void disableSecondFactor(UUID userId) {
    update(
        "UPDATE users SET mfa_secret = NULL, mfa_enabled = false, mfa_last_step = NULL WHERE id = ?",
        userId);
    update("DELETE FROM recovery_codes WHERE user_id = ?", userId);
  }

  @Override
  public void erase(UUID userId, Instant at) {
    update(
        "UPDATE users SET email_ct = NULL, email_bidx = '\\x'::bytea, name_ct = NULL, phone_ct = NULL,"
            + " password_hash = '!', mfa_secret = NULL, mfa_enabled = false, mfa_last_step = NULL, erased_at = ?,"
            + " updated_at = ? WHERE id = ?",
        at,
        at,
        userId);
    // The subject key goes only once the erasure has committed: shredding cannot be rolled back.
    tx.afterCommit(() -> columns.crypto().shredSubject(Columns.userSubject(userId)));
    update("DELETE FROM recovery_codes WHERE user_id = ?", userId);
    update("DELETE FROM restaurant_members WHERE user_id = ?", userId);
    update("DELETE FROM known_login_places WHERE user_id = ?", userId);
    // Messages to the user (as an account, or as the guest of their orders) still waiting are
    // dropped with the erasure (issue 19).
    tx.withConnection(
        c -> {
          PostgresNotificationOutbox.eraseForUser(c, userId);
          return null;
        });
  }

  private int update(String sql, Object... params) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              Object p = params[i];
              if (p instanceof Instant t) {
                Rows.set(ps, i + 1, t);
              } else {
                ps.setObject(i + 1, p);
              }
            }
            return ps.executeUpdate();
          }
        });
  }

  private static Membership membership(ResultSet rs) throws SQLException {
    return new Membership(
        Rows.uuid(rs, "restaurant_id"),
        Rows.uuid(rs, "user_id"),
        Role.valueOf(rs.getString("role")));
  }
}
