package dev.ordersync.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's real PostgreSQL for one test class, dropped afterwards, so runs
 * never see each other's data. {@code ORDERSYNC_TEST_PG_URL} (default the local server's {@code
 * postgres} database), {@code ORDERSYNC_TEST_PG_USER} and {@code ORDERSYNC_TEST_PG_PASSWORD} say
 * where.
 */
public final class TestDatabase implements AutoCloseable {
  private static final String ADMIN_URL =
      System.getenv()
          .getOrDefault("ORDERSYNC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String USER = System.getenv().getOrDefault("ORDERSYNC_TEST_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().get("ORDERSYNC_TEST_PG_PASSWORD");

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static TestDatabase create() {
    String name =
        "ordersync_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test database on " + ADMIN_URL + ": " + e.getMessage(), e);
    }
    return new TestDatabase(name);
  }

  public String url() {
    int slash = ADMIN_URL.lastIndexOf('/');
    int query = ADMIN_URL.indexOf('?', slash);
    return ADMIN_URL.substring(0, slash + 1) + name + (query < 0 ? "" : ADMIN_URL.substring(query));
  }

  /** An unpooled data source of this database (the driver's own): one new connection per call. */
  public javax.sql.DataSource dataSource() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(url());
    ds.setUser(USER);
    if (PASSWORD != null) {
      ds.setPassword(PASSWORD);
    }
    return ds;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
  }

  @Override
  public void close() {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }
}
