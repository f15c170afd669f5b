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
  private static final String COLUMNS = "id, email, name, phone, role, password_hash, created_at, erased_at";
  private final JdbcTransactions tx;

  public PostgresUsers(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public void add(User user) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (id, email, name, phone, role, password_hash, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
            ps.setObject(1, user.id());
            ps.setString(2, user.email().value());
            ps.setString(3, user.name());
            ps.setString(4, user.phone() == null ? null : user.phone().digits());
            ps.setString(5, user.role().name());
            ps.setString(6, user.passwordHash());
            Rows.set(ps, 7, user.createdAt());
            Rows.set(ps, 8, user.createdAt());
            if (ps.executeUpdate() == 0) {
              throw new DomainException.Conflict("email_taken", "an account with this email already exists");
            }
          }
          return null;
        });
  }

  @Override
  public Optional<User> byId(UUID id) {
    return one("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
  }

  @Override
  public Optional<User> byEmail(EmailAddress email) {
    return one("SELECT " + COLUMNS + " FROM users WHERE email = ?", email.value());
  }

  private Optional<User> one(String sql, Object key) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
          }
        });
  }

  private static User user(ResultSet rs) throws SQLException {
    String phone = rs.getString("phone");
    return new User(
        Rows.uuid(rs, "id"),
        new EmailAddress(rs.getString("email")),
        rs.getString("name"),
        phone == null ? null : new PhoneNumber(phone),
        Role.valueOf(rs.getString("role")),
        rs.getString("password_hash"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "erased_at"));
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
                  "SELECT restaurant_id, user_id, role FROM restaurant_members WHERE " + column + " = ?"
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
              c.prepareStatement("SELECT user_id FROM restaurant_members WHERE restaurant_id = ? AND role = 'OWNER'")) {
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
    return update("DELETE FROM restaurant_members WHERE user_id = ? AND restaurant_id = ?", userId, restaurantId) == 1;
  }

  @Override
  public void changePassword(UUID userId, String passwordHash, Instant at) {
    update("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", passwordHash, at, userId);
  }

  @Override
  public Optional<SecondFactor> secondFactor(UUID userId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT mfa_secret, mfa_enabled, mfa_last_step FROM users WHERE id = ?")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || rs.getBytes(1) == null) {
                return Optional.empty();
              }
              long last = rs.getLong(3);
              return Optional.of(new SecondFactor(rs.getBytes(1), rs.getBoolean(2), rs.wasNull() ? Long.MIN_VALUE : last));
            }
          }
        });
  }

  @Override
  public void saveSecondFactorSecret(UUID userId, byte[] sealedSecret) {
    update(
        "UPDATE users SET mfa_secret = ?, mfa_enabled = false, mfa_last_step = NULL WHERE id = ? AND NOT mfa_enabled",
        sealedSecret, userId);
  }

  @Override
  public void enableSecondFactor(UUID userId, long usedStep, List<byte[]> recoveryCodeHashes) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE users SET mfa_enabled = true, mfa_last_step = ? WHERE id = ?")) {
            ps.setLong(1, usedStep);
            ps.setObject(2, userId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ?")) {
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
    // The condition and the write are one statement, so two requests with the same code cannot both pass.
    return update(
            "UPDATE users SET mfa_last_step = ? WHERE id = ? AND mfa_enabled"
                + " AND (mfa_last_step IS NULL OR mfa_last_step < ?)",
            step, userId, step)
        == 1;
  }

  @Override
  public boolean useRecoveryCode(UUID userId, byte[] codeHash) {
    return update(
            "UPDATE recovery_codes SET used_at = now() WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
            userId, codeHash)
        == 1;
  }

  @Override
  public int recoveryCodesLeft(UUID userId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public void erase(UUID userId, Instant at) {
    update(
        "UPDATE users SET email = 'erased-' || id || '@erased.invalid', name = '(erased)', phone = NULL,"
            + " password_hash = '!', mfa_secret = NULL, mfa_enabled = false, mfa_last_step = NULL, erased_at = ?,"
            + " updated_at = ? WHERE id = ?",
        at, at, userId);
    update("DELETE FROM recovery_codes WHERE user_id = ?", userId);
    update("DELETE FROM restaurant_members WHERE user_id = ?", userId);
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
    return new Membership(Rows.uuid(rs, "restaurant_id"), Rows.uuid(rs, "user_id"), Role.valueOf(rs.getString("role")));
  }
}
