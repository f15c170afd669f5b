package dev.ordersync.server.postgres;

import dev.ordersync.crypto.SubjectKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-subject keys (wrapped by the master keyset) in PostgreSQL. Each call uses a connection of its own in auto-commit,
 * never the request's transaction: a key the library has cached must exist in the table even if the request that
 * created it rolled back, or values written later under that cached key could never be read again.
 */
public final class PostgresSubjectKeyStore implements SubjectKeyStore {
  private final DataSource dataSource;

  public PostgresSubjectKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<byte[]> find(String subjectId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT wrapped_key FROM subject_keys WHERE subject_id = ?")) {
      ps.setString(1, subjectId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public byte[] putIfAbsent(String subjectId, byte[] wrappedKey) {
    try (Connection c = dataSource.getConnection()) {
      // The key of a new anonymous order ("order:<id>") is used by that order alone, whose own synchronous COMMIT
      // comes later in the WAL and so flushes this row too (WAL is flushed in order): this insert need not wait for a
      // flush of its own (decision 0019). A crash before that COMMIT loses the key together with the only order that
      // could use it. Every other subject's key is flushed here, as before.
      String insert =
          subjectId.startsWith("order:")
              ? "INSERT INTO subject_keys (subject_id, wrapped_key) SELECT ?, ?"
                  + " WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL ON CONFLICT (subject_id) DO NOTHING"
              : "INSERT INTO subject_keys (subject_id, wrapped_key) VALUES (?, ?) ON CONFLICT (subject_id) DO NOTHING";
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, subjectId);
        ps.setBytes(2, wrappedKey);
        if (ps.executeUpdate() == 1) {
          return wrappedKey;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT wrapped_key FROM subject_keys WHERE subject_id = ?")) {
        ps.setString(1, subjectId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getBytes(1);
        }
      }
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public boolean delete(String subjectId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM subject_keys WHERE subject_id = ?")) {
      ps.setString(1, subjectId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }
}
