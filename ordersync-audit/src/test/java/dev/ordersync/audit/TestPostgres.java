package dev.ordersync.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's real PostgreSQL for one test class, dropped afterwards, so runs
 * never see each other's data; and the application role, NOLOGIN, that connections switch to with
 * SET ROLE. Roles are cluster-wide, so its name is fixed and an existing one is reused. {@code
 * ORDERSYNC_TEST_PG_URL}, {@code ORDERSYNC_TEST_PG_USER} and {@code ORDERSYNC_TEST_PG_PASSWORD} say
 * where (default: the local server's postgres database, user postgres).
 */
final class TestPostgres implements AutoCloseable {
  static final String APP_ROLE = "ordersync_audit_test_app";
  static final String ADMIN_URL =
      System.getenv()
          .getOrDefault("ORDERSYNC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String USER = System.getenv().getOrDefault("ORDERSYNC_TEST_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().get("ORDERSYNC_TEST_PG_PASSWORD");

  private final String name;

  private TestPostgres(String name) {
    this.name = name;
  }

  static TestPostgres create() {
    String name = "audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
      createAppRole(s);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test database on " + ADMIN_URL + ": " + e.getMessage(), e);
    }
    return new TestPostgres(name);
  }

  /** Another test class may create it at the same moment: both outcomes of that race are fine. */
  private static void createAppRole(Statement s) throws SQLException {
    try {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
              + APP_ROLE
              + "') THEN"
              + " CREATE ROLE "
              + APP_ROLE
              + " NOLOGIN; END IF; END $$");
    } catch (SQLException e) {
      // 42710 duplicate_object, or 23505 when two CREATE ROLEs collide in pg_authid's unique index.
      if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  String url() {
    int slash = ADMIN_URL.lastIndexOf('/');
    int query = ADMIN_URL.indexOf('?', slash);
    return ADMIN_URL.substring(0, slash + 1) + name + (query < 0 ? "" : ADMIN_URL.substring(query));
  }

  /** A superuser (or whoever the test user is): installs, and tampers. */
  Connection admin() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  /** A connection that acts as the application role, as the server's pool would. */
  Connection app() throws SQLException {
    Connection c = admin();
    try (Statement s = c.createStatement()) {
      s.execute("SET ROLE " + APP_ROLE);
    }
    return c;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }
}
