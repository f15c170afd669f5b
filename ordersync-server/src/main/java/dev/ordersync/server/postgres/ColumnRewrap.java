package dev.ordersync.server.postgres;

import dev.ordersync.crypto.RewrapSource;
import dev.ordersync.crypto.StoredValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One encrypted column as a source for ordersync-crypto's rewrap job: pages by row id, replaces a
 * value only if it is still the one read (so a value the application rewrote meanwhile is left
 * alone), and keeps the job's checkpoint in {@code rewrap_checkpoints} so an interrupted job
 * resumes where it stopped.
 */
public final class ColumnRewrap implements RewrapSource {
  /** Every encrypted column: table, column, and how to find the row's subject. */
  public enum Column {
    USERS_EMAIL("users", "email_ct", "email", "'user:' || id"),
    USERS_NAME("users", "name_ct", "name", "'user:' || id"),
    USERS_PHONE("users", "phone_ct", "phone", "'user:' || id"),
    RESTAURANTS_BUSINESS_NUMBER("restaurants", "business_number_ct", "business_number", "NULL"),
    RESTAURANTS_PHONE("restaurants", "phone_ct", "phone", "NULL"),
    RESTAURANTS_ADDRESS("restaurants", "address_ct", "address", "NULL"),
    ORDERS_CUSTOMER_NAME(
        "orders",
        "customer_name_ct",
        "customer_name",
        "CASE WHEN customer_user_id IS NULL THEN 'order:' || id ELSE 'user:' || customer_user_id END"),
    ORDERS_CUSTOMER_PHONE(
        "orders",
        "customer_phone_ct",
        "customer_phone",
        "CASE WHEN customer_user_id IS NULL THEN 'order:' || id ELSE 'user:' || customer_user_id END"),
    ORDERS_NOTE(
        "orders",
        "note_ct",
        "note",
        "CASE WHEN customer_user_id IS NULL THEN 'order:' || id ELSE 'user:' || customer_user_id END"),
    NOTIFICATIONS_RECIPIENT("notifications", "recipient_ct", "recipient", "subject_key"),
    NOTIFICATIONS_TITLE("notifications", "title_ct", "title", "subject_key"),
    NOTIFICATIONS_BODY("notifications", "body_ct", "body", "subject_key");

    final String table;
    final String storedIn;
    final String logical;
    final String subjectSql;

    Column(String table, String storedIn, String logical, String subjectSql) {
      this.table = table;
      this.storedIn = storedIn;
      this.logical = logical;
      this.subjectSql = subjectSql;
    }

    public String label() {
      return table + "." + logical;
    }
  }

  private final DataSource dataSource;
  private final Column column;

  public ColumnRewrap(DataSource dataSource, Column column) {
    this.dataSource = dataSource;
    this.column = column;
  }

  @Override
  public List<StoredValue> page(String afterCursor, int limit) {
    String sql =
        "SELECT id, "
            + column.storedIn
            + ", "
            + column.subjectSql
            + " FROM "
            + column.table
            + " WHERE "
            + column.storedIn
            + " IS NOT NULL"
            + (afterCursor == null ? "" : " AND id > ?")
            + " ORDER BY id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (afterCursor != null) {
        ps.setObject(i++, UUID.fromString(afterCursor));
      }
      ps.setInt(i, limit);
      List<StoredValue> page = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          page.add(
              new StoredValue(
                  id.toString(),
                  rs.getBytes(2),
                  Columns.context(column.table, column.logical, id, rs.getString(3))));
        }
      }
      return page;
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public boolean replace(StoredValue old, byte[] newCiphertext) {
    String sql =
        "UPDATE "
            + column.table
            + " SET "
            + column.storedIn
            + " = ? WHERE id = ? AND "
            + column.storedIn
            + " = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBytes(1, newCiphertext);
      ps.setObject(2, UUID.fromString(old.cursor()));
      ps.setBytes(3, old.ciphertext());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public Optional<String> checkpoint() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT cursor FROM rewrap_checkpoints WHERE name = ?")) {
      ps.setString(1, column.label());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public void saveCheckpoint(String checkpoint) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO rewrap_checkpoints (name, cursor) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = now()")) {
      ps.setString(1, column.label());
      ps.setString(2, checkpoint);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }
}
