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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts and memberships in PostgreSQL. */
public final class PostgresUsers implements Users {
  private static final String COLUMNS = "id, email, name, phone, role, password_hash, created_at";
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
        Rows.instant(rs, "created_at"));
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
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT restaurant_id, user_id, role FROM restaurant_members WHERE user_id = ? ORDER BY created_at")) {
            ps.setObject(1, userId);
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

  private static Membership membership(ResultSet rs) throws SQLException {
    return new Membership(Rows.uuid(rs, "restaurant_id"), Rows.uuid(rs, "user_id"), Role.valueOf(rs.getString("role")));
  }
}
