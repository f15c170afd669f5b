package dev.ordersync.server.postgres;

import dev.ordersync.core.restaurant.GuestText;
import dev.ordersync.core.restaurant.PaymentMode;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.PhoneNumber;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Restaurants in PostgreSQL. */
public final class PostgresRestaurants implements Restaurants {
  private final JdbcTransactions tx;
  private final Columns columns;

  public PostgresRestaurants(JdbcTransactions tx, Columns columns) {
    this.tx = tx;
    this.columns = columns;
  }

  @Override
  public void add(Restaurant r) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO restaurants (id, name, business_number_ct, phone_ct, address_ct, time_zone, paused, auto_accept,"
                      + " prep_minutes, payment_mode, version, created_at, updated_at, require_staff_mfa, opening_hours,"
                      + " order_prefix, tables, guest_texts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb,"
                      + " ?, ?, ?)")) {
            ps.setObject(1, r.id());
            ps.setString(2, r.name());
            ps.setBytes(
                3,
                columns.seal(
                    "restaurants", "business_number", r.id(), null, r.businessNumber().digits()));
            ps.setBytes(
                4,
                columns.seal(
                    "restaurants",
                    "phone",
                    r.id(),
                    null,
                    r.phone() == null ? null : r.phone().digits()));
            ps.setBytes(5, columns.seal("restaurants", "address", r.id(), null, r.address()));
            ps.setString(6, r.timeZone().getId());
            ps.setBoolean(7, r.paused());
            ps.setBoolean(8, r.autoAccept());
            ps.setInt(9, r.prepMinutes());
            ps.setString(10, r.paymentMode().name());
            ps.setLong(11, r.version());
            Rows.set(ps, 12, r.createdAt());
            Rows.set(ps, 13, r.updatedAt());
            ps.setBoolean(14, r.requireStaffSecondFactor());
            ps.setString(15, JsonColumns.hours(r.hours()));
            ps.setString(16, r.orderPrefix());
            ps.setArray(17, c.createArrayOf("text", r.tables().toArray()));
            ps.setArray(18, c.createArrayOf("text", guestTexts(r)));
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Restaurant> byId(UUID id) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT *, xmin::text AS row_xmin FROM restaurants WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(restaurant(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void update(Restaurant r) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE restaurants SET name = ?, paused = ?, auto_accept = ?, prep_minutes = ?, payment_mode = ?,"
                      + " version = ?, updated_at = ?, require_staff_mfa = ?, opening_hours = ?::jsonb, order_prefix = ?,"
                      + " tables = ?, guest_texts = ? WHERE id = ? AND version = ?")) {
            ps.setString(1, r.name());
            ps.setBoolean(2, r.paused());
            ps.setBoolean(3, r.autoAccept());
            ps.setInt(4, r.prepMinutes());
            ps.setString(5, r.paymentMode().name());
            ps.setLong(6, r.version());
            Rows.set(ps, 7, r.updatedAt());
            ps.setBoolean(8, r.requireStaffSecondFactor());
            ps.setString(9, JsonColumns.hours(r.hours()));
            ps.setString(10, r.orderPrefix());
            ps.setArray(11, c.createArrayOf("text", r.tables().toArray()));
            ps.setArray(12, c.createArrayOf("text", guestTexts(r)));
            ps.setObject(13, r.id());
            ps.setLong(14, r.version() - 1);
            if (ps.executeUpdate() != 1) {
              throw new DomainException.Conflict(
                  "version_conflict", "the restaurant was changed meanwhile");
            }
          }
          return null;
        });
  }

  /**
   * Restaurants as last opened, by id, with the row version they were read from. A row version is
   * named by the transaction that wrote it ({@code xmin}) and the restaurant's {@code version},
   * which every change raises: a row read again under the same name holds the same values, so its
   * three encrypted columns need not be decrypted and its hours not parsed again (the order path
   * reads its restaurant on every order). {@code xmin} keeps a version written by a transaction
   * that then rolled back from standing in for the committed row that later takes the same number.
   * Bounded by the number of restaurants the server has read; each is a few hundred bytes.
   */
  private final ConcurrentHashMap<UUID, Opened> opened = new ConcurrentHashMap<>();

  private record Opened(String rowVersion, Restaurant restaurant) {}

  private Restaurant restaurant(ResultSet rs) throws SQLException {
    UUID id = Rows.uuid(rs, "id");
    String rowVersion = rs.getString("row_xmin") + "/" + rs.getLong("version");
    Opened known = opened.get(id);
    if (known != null && known.rowVersion().equals(rowVersion)) {
      return known.restaurant();
    }
    Restaurant read = open(id, rs);
    opened.put(id, new Opened(rowVersion, read));
    return read;
  }

  private Restaurant open(UUID id, ResultSet rs) throws SQLException {
    String phone = columns.open("restaurants", "phone", id, null, rs.getBytes("phone_ct"));
    return new Restaurant(
        id,
        rs.getString("name"),
        new BusinessNumber(
            columns.open(
                "restaurants", "business_number", id, null, rs.getBytes("business_number_ct"))),
        phone == null ? null : new PhoneNumber(phone),
        columns.open("restaurants", "address", id, null, rs.getBytes("address_ct")),
        ZoneId.of(rs.getString("time_zone")),
        rs.getBoolean("paused"),
        rs.getBoolean("auto_accept"),
        rs.getInt("prep_minutes"),
        PaymentMode.valueOf(rs.getString("payment_mode")),
        rs.getBoolean("require_staff_mfa"),
        JsonColumns.hours(rs.getString("opening_hours")),
        rs.getString("order_prefix"),
        java.util.List.of((String[]) rs.getArray("tables").getArray()),
        guestTexts((String[]) rs.getArray("guest_texts").getArray()),
        rs.getLong("version"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"));
  }

  private static Object[] guestTexts(Restaurant r) {
    return r.guestTexts().stream().map(GuestText::wireName).toArray();
  }

  private static java.util.Set<GuestText> guestTexts(String[] stored) {
    java.util.Set<GuestText> texts = java.util.EnumSet.noneOf(GuestText.class);
    for (String name : stored) {
      GuestText t = GuestText.ofWireName(name);
      if (t != null) {
        texts.add(t);
      }
    }
    return texts;
  }
}
