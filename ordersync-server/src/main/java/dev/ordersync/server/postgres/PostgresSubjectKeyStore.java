package dev.ordersync.server.postgres;

import dev.ordersync.crypto.SubjectKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-subject keys (wrapped by the master keyset) in PostgreSQL. A key is written on a connection
 * of its own in auto-commit, not in the request's transaction: a key the library has cached must
 * exist in the table even if the request that created it rolled back, or values written later under
 * that cached key could never be read again.
 *
 * <p>The one exception is the key of a new anonymous order ({@code order:<id>}), which that order
 * alone uses: written inside an open unit of work, it goes into the order's own transaction
 * (decision 0019), so the key and the order commit together or not at all. Should the order roll
 * back, its id is never used again, so the key still cached for it is never asked for.
 */
public final class PostgresSubjectKeyStore implements SubjectKeyStore {
  private final DataSource dataSource;
  private final JdbcTransactions tx;

  /** Every key on a connection of its own. */
  public PostgresSubjectKeyStore(DataSource dataSource) {
    this(dataSource, null);
  }

  /**
   * New orders' keys in the unit of work open in {@code tx}, every other key on a connection of its
   * own.
   */
  public PostgresSubjectKeyStore(DataSource dataSource, JdbcTransactions tx) {
    this.dataSource = dataSource;
    this.tx = tx;
  }

  private boolean inOrdersTransaction(String subjectId) {
    return tx != null && subjectId.startsWith("order:") && tx.inTransaction();
  }

  @Override
  public Optional<byte[]> find(String subjectId) {
    if (inOrdersTransaction(subjectId)) {
      // Sees the key its own transaction wrote and has not committed yet.
      return tx.withConnection(c -> find(c, subjectId));
    }
    try (Connection c = dataSource.getConnection()) {
      return find(c, subjectId);
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  private static Optional<byte[]> find(Connection c, String subjectId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT wrapped_key FROM subject_keys WHERE subject_id = ?")) {
      ps.setString(1, subjectId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  @Override
  public byte[] putIfAbsent(String subjectId, byte[] wrappedKey) {
    if (inOrdersTransaction(subjectId)) {
      return tx.withConnection(c -> putIfAbsent(c, subjectId, wrappedKey));
    }
    try (Connection c = dataSource.getConnection()) {
      return putIfAbsent(c, subjectId, wrappedKey);
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  private static byte[] putIfAbsent(Connection c, String subjectId, byte[] wrappedKey)
      throws SQLException {
    String insert =
        "INSERT INTO subject_keys (subject_id, wrapped_key) VALUES (?, ?) ON CONFLICT (subject_id) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, subjectId);
      ps.setBytes(2, wrappedKey);
      if (ps.executeUpdate() == 1) {
        return wrappedKey;
      }
    }
    return find(c, subjectId)
        .orElseThrow(
            () -> new SQLException("the key of " + subjectId + " was neither new nor there"));
  }

  @Override
  public boolean delete(String subjectId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM subject_keys WHERE subject_id = ?")) {
      ps.setString(1, subjectId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }
}
