package dev.ordersync.server.postgres;

import dev.ordersync.crypto.WrappedKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The deployment's wrapped keys in {@code deployment_keys} (V16), one row per key, each in
 * auto-commit on a connection of its own. Every row records what wrapped it ({@code wrapped_by}:
 * the master key, or an AWS KMS key by ARN) and where it came from ({@code origin}: generated, or
 * imported from a keys folder or an environment variable). Only ciphertext is stored here.
 */
public final class PostgresDeploymentKeys implements WrappedKeys {
  /**
   * The advisory lock taken while an instance checks, imports or generates the keys at start, and
   * while a command rotates them: 0x6f7264736b657973, "ordskeys".
   */
  private static final String LOCK = "SELECT pg_advisory_lock(8030591532440844659)";

  private static final String UNLOCK = "SELECT pg_advisory_unlock(8030591532440844659)";

  private final DataSource dataSource;
  private final String wrappedBy;
  private final String origin;

  /**
   * @param wrappedBy what wraps the keys this instance writes, as recorded beside each row
   */
  public PostgresDeploymentKeys(DataSource dataSource, String wrappedBy) {
    this(dataSource, wrappedBy, "generated");
  }

  private PostgresDeploymentKeys(DataSource dataSource, String wrappedBy, String origin) {
    this.dataSource = dataSource;
    this.wrappedBy = wrappedBy;
    this.origin = origin;
  }

  /** The same table, recording {@code origin} beside the keys it inserts. */
  public PostgresDeploymentKeys withOrigin(String origin) {
    return new PostgresDeploymentKeys(dataSource, wrappedBy, origin);
  }

  /** A stored key: its ciphertext, what wrapped it, where it came from. */
  public record Row(byte[] wrapped, String wrappedBy, String origin) {}

  public Optional<Row> row(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT wrapped, wrapped_by, origin FROM deployment_keys WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Row(rs.getBytes(1), rs.getString(2), rs.getString(3)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public Optional<byte[]> read(String name) {
    return row(name).map(Row::wrapped);
  }

  @Override
  public boolean insertIfAbsent(String name, byte[] wrapped) {
    return insertIfAbsent(name, wrapped, origin);
  }

  /** Like {@link #insertIfAbsent(String, byte[])}, recording where the key came from. */
  public boolean insertIfAbsent(String name, byte[] wrapped, String origin) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO deployment_keys (name, wrapped, wrapped_by, origin) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING")) {
      ps.setString(1, name);
      ps.setBytes(2, wrapped);
      ps.setString(3, wrappedBy);
      ps.setString(4, origin);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public void replace(String name, byte[] wrapped) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE deployment_keys SET wrapped = ?, wrapped_by = ?, updated_at = now()"
                    + " WHERE name = ?")) {
      ps.setBytes(1, wrapped);
      ps.setString(2, wrappedBy);
      ps.setString(3, name);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("the deployment key '" + name + "' is not in the database");
      }
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  /**
   * Runs {@code work} holding the deployment keys' advisory lock (a session lock on a connection of
   * its own), so that two instances started at once on an empty database do not both generate keys:
   * the second waits, then finds the first one's keys.
   */
  public <T> T locked(Supplier<T> work) {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute(LOCK);
      }
      try {
        return work.get();
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute(UNLOCK);
        }
      }
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  @Override
  public String toString() {
    return "the database's deployment_keys";
  }
}
