package dev.ordersync.server.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 6: encrypts the personal and business data that earlier versions stored in plaintext
 * into the columns V5 added, then drops the plaintext columns, in one transaction. A Java migration
 * because it needs the keys.
 */
public final class V6__EncryptPersonalData extends BaseJavaMigration {
  private final java.util.function.Supplier<Columns> keys;
  private Columns columns;

  /**
   * @param keys the encrypted columns, asked for only if there is data to encrypt (a database that
   *     had rows before V6 has its keys where that version kept them: the keys folder)
   */
  public V6__EncryptPersonalData(java.util.function.Supplier<Columns> keys) {
    this.keys = keys;
  }

  private Columns columns() {
    if (columns == null) {
      columns = keys.get();
    }
    return columns;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    encryptUsers(c);
    encryptRestaurants(c);
    encryptOrders(c);
    dropPlaintextColumns(c);
  }

  private void encryptUsers(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, email, name, phone FROM users");
        PreparedStatement up =
            c.prepareStatement(
                "UPDATE users SET email_ct = ?, email_bidx = ?, name_ct = ?, phone_ct = ? WHERE id = ?")) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        String subject = Columns.userSubject(id);
        up.setBytes(1, columns().seal("users", "email", id, subject, rs.getString(2)));
        up.setBytes(2, columns().emailIndex(rs.getString(2)));
        up.setBytes(3, columns().seal("users", "name", id, subject, rs.getString(3)));
        up.setBytes(4, columns().seal("users", "phone", id, subject, rs.getString(4)));
        up.setObject(5, id);
        up.executeUpdate();
      }
    }
  }

  private void encryptRestaurants(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id, business_number, phone, address FROM restaurants");
        PreparedStatement up =
            c.prepareStatement(
                "UPDATE restaurants SET business_number_ct = ?, phone_ct = ?, address_ct = ? WHERE id = ?")) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        up.setBytes(1, columns().seal("restaurants", "business_number", id, null, rs.getString(2)));
        up.setBytes(2, columns().seal("restaurants", "phone", id, null, rs.getString(3)));
        up.setBytes(3, columns().seal("restaurants", "address", id, null, rs.getString(4)));
        up.setObject(4, id);
        up.executeUpdate();
      }
    }
  }

  private void encryptOrders(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, customer_user_id, customer_name, customer_phone, note FROM orders"
                    + " WHERE customer_name IS NOT NULL OR customer_phone IS NOT NULL OR note IS NOT NULL");
        PreparedStatement up =
            c.prepareStatement(
                "UPDATE orders SET customer_name_ct = ?, customer_phone_ct = ?, note_ct = ? WHERE id = ?")) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        String subject = Columns.orderSubject(id, rs.getObject(2, UUID.class));
        up.setBytes(1, columns().seal("orders", "customer_name", id, subject, rs.getString(3)));
        up.setBytes(2, columns().seal("orders", "customer_phone", id, subject, rs.getString(4)));
        up.setBytes(3, columns().seal("orders", "note", id, subject, rs.getString(5)));
        up.setObject(4, id);
        up.executeUpdate();
      }
    }
  }

  private static void dropPlaintextColumns(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE users DROP COLUMN email, DROP COLUMN name, DROP COLUMN phone");
      s.execute("ALTER TABLE users ALTER COLUMN email_bidx SET NOT NULL");
      s.execute("CREATE INDEX users_email_bidx_idx ON users (email_bidx)");
      s.execute(
          "ALTER TABLE restaurants DROP COLUMN business_number, DROP COLUMN phone, DROP COLUMN address");
      s.execute(
          "ALTER TABLE orders DROP COLUMN customer_name, DROP COLUMN customer_phone, DROP COLUMN note");
    }
  }
}
