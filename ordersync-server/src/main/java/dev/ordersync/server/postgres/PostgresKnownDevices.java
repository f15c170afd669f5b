package dev.ordersync.server.postgres;

import dev.ordersync.core.user.KnownDevices;
import dev.ordersync.core.user.LoginPlace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The places each account logged in from, in {@code known_login_places}: a keyed blind index of the
 * account with the device id or with the address, never the address itself. Read and written in the
 * login's transaction.
 */
public final class PostgresKnownDevices implements KnownDevices {
  /**
   * How long a device is remembered after its last login: as long as its device cookie lives, after
   * which it could not be recognised anyway. Keeps clients that never keep the cookie (each of
   * their logins is a new device) from growing the table without bound.
   */
  static final Duration DEVICE_MEMORY = Duration.ofDays(90);

  private final JdbcTransactions tx;
  private final Columns columns;

  public PostgresKnownDevices(JdbcTransactions tx, Columns columns) {
    this.tx = tx;
    this.columns = columns;
  }

  private static String place(UUID userId, String kind, String value) {
    return userId + "|" + kind + "|" + value;
  }

  @Override
  public Sighting sighted(UUID userId, LoginPlace place, Instant at) {
    return tx.withConnection(
        c -> {
          forgetOldDevices(c, userId, at.minus(DEVICE_MEMORY));
          Sighting s = compare(c, userId, place);
          remember(c, userId, "device", place.deviceId(), at);
          remember(c, userId, "address", place.address(), at);
          return s;
        });
  }

  private static void forgetOldDevices(Connection c, UUID userId, Instant before)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM known_login_places WHERE user_id = ? AND kind = 'device' AND last_seen < ?")) {
      ps.setObject(1, userId);
      Rows.set(ps, 2, before);
      ps.executeUpdate();
    }
  }

  private Sighting compare(Connection c, UUID userId, LoginPlace place) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) > 0 AS any_place, coalesce(bool_or((kind = 'device' AND place_index = ANY(?))"
                + " OR (kind = 'address' AND place_index = ANY(?))), false) AS familiar"
                + " FROM known_login_places WHERE user_id = ?")) {
      ps.setArray(1, c.createArrayOf("bytea", terms(userId, "device", place.deviceId())));
      ps.setArray(2, c.createArrayOf("bytea", terms(userId, "address", place.address())));
      ps.setObject(3, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean("any_place")) {
          return Sighting.FIRST_LOGIN;
        }
        return rs.getBoolean("familiar") ? Sighting.FAMILIAR : Sighting.NEW;
      }
    }
  }

  private byte[][] terms(UUID userId, String kind, String value) {
    if (value == null) {
      return new byte[0][];
    }
    List<byte[]> terms = columns.loginPlaceLookupTerms(place(userId, kind, value));
    return terms.toArray(new byte[0][]);
  }

  private void remember(Connection c, UUID userId, String kind, String value, Instant at)
      throws SQLException {
    if (value == null) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO known_login_places (user_id, kind, place_index, first_seen, last_seen)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, place_index)"
                + " DO UPDATE SET last_seen = excluded.last_seen")) {
      ps.setObject(1, userId);
      ps.setString(2, kind);
      ps.setBytes(3, columns.loginPlaceIndex(place(userId, kind, value)));
      Rows.set(ps, 4, at);
      Rows.set(ps, 5, at);
      ps.executeUpdate();
    }
  }

  @Override
  public void forget(UUID userId) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM known_login_places WHERE user_id = ?")) {
            ps.setObject(1, userId);
            return ps.executeUpdate();
          }
        });
  }
}
