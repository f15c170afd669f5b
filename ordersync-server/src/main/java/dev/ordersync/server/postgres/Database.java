package dev.ordersync.server.postgres;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The PostgreSQL the server runs on: a connection pool, checked for reachability before anything
 * else, with the schema migrated to the newest version by Flyway.
 */
public final class Database implements AutoCloseable {
  private final GatedPool dataSource;
  private final GatedPool keysDataSource;
  private final GatedPool notifyDataSource;
  private final DatabaseCircuit circuit;
  private final DataSource owner;
  private final String appRole;
  private final AutoCloseable owned;
  private final AtomicReference<CompletableFuture<Boolean>> probe = new AtomicReference<>();

  /** How long the readiness check waits for its probe: health answers within a second. */
  static final long HEALTH_WAIT_MILLIS = 800;

  /** Package-private for tests that build a database around a pool of their own. */
  Database(
      GatedPool dataSource,
      GatedPool keysDataSource,
      DatabaseCircuit circuit,
      DataSource owner,
      String appRole,
      AutoCloseable owned) {
    this(dataSource, keysDataSource, dataSource, circuit, owner, appRole, owned);
  }

  private Database(
      GatedPool dataSource,
      GatedPool keysDataSource,
      GatedPool notifyDataSource,
      DatabaseCircuit circuit,
      DataSource owner,
      String appRole,
      AutoCloseable owned) {
    this.circuit = circuit;
    this.dataSource = dataSource;
    this.keysDataSource = keysDataSource;
    this.notifyDataSource = notifyDataSource;
    this.owner = owner;
    this.appRole = appRole;
    this.owned = owned;
  }

  /**
   * Connections of the login user, who owns the schema (for installing the audit log). Not pooled.
   */
  public DataSource ownerDataSource() {
    return owner;
  }

  /** The role the pool's statements run as: ordersync_app where possible, else the login user. */
  public String appRole() {
    return appRole;
  }

  /**
   * Connects to a PostgreSQL server and migrates its schema.
   *
   * @param owned something to close with the pool (the embedded server), or null
   */
  public static Database connect(
      String url,
      String user,
      String password,
      int poolSize,
      AutoCloseable owned,
      java.util.List<org.flywaydb.core.api.migration.JavaMigration> javaMigrations) {
    checkReachable(url, user, password);
    try {
      // Migrations run as the login user (they own the schema), before the pool that runs as the
      // application role.
      Flyway.configure()
          .dataSource(url, user, password)
          .locations("classpath:db/migration")
          .javaMigrations(
              javaMigrations.toArray(org.flywaydb.core.api.migration.JavaMigration[]::new))
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new DatabaseStartException(
          "the database schema could not be migrated: " + firstLine(e.getMessage()), e);
    }
    boolean asAppRole = canUseAppRole(url, user, password);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(4, poolSize));
    config.setPoolName("ordersync");
    config.setConnectionTimeout(5_000);
    // Checking a pooled connection that the database dropped must not hold a request (or the
    // readiness probe) for the default 5 s; nor must opening one to a database that does not
    // answer.
    config.setValidationTimeout(1_000);
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "ordersync");
    if (asAppRole) {
      // Row level security does not bind superusers or table owners: statements run as the
      // application role.
      config.setConnectionInitSql("SET ROLE " + APP_ROLE);
    }
    HikariConfig keys = new HikariConfig();
    config.copyStateTo(keys);
    keys.setPoolName("ordersync-keys");
    keys.setMaximumPoolSize(4);
    keys.setMinimumIdle(1);
    String role = asAppRole ? APP_ROLE : user;
    DatabaseCircuit circuit = new DatabaseCircuit(probing(url, user, password));
    GatedPool pool = new GatedPool(config, circuit);
    GatedPool keysPool = new GatedPool(keys, circuit);
    HikariConfig notify = new HikariConfig();
    config.copyStateTo(notify);
    notify.setPoolName("ordersync-notify");
    notify.setMaximumPoolSize(4);
    notify.setMinimumIdle(1);
    GatedPool notifyPool = new GatedPool(notify, circuit);
    circuit.onReturn(
        () -> {
          pool.renew();
          keysPool.renew();
          notifyPool.renew();
        });
    return new Database(
        pool, keysPool, notifyPool, circuit, plain(url, user, password), role, owned);
  }

  /**
   * Plain connections for the circuit's probe: each gives up after a second (connecting, logging
   * in, or waiting for an answer), so a probe of a database that does not answer ends in time.
   */
  private static DataSource probing(String url, String user, String password) {
    org.postgresql.ds.PGSimpleDataSource ds =
        (org.postgresql.ds.PGSimpleDataSource) plain(url, user, password);
    ds.setConnectTimeout(1);
    ds.setLoginTimeout(1);
    ds.setSocketTimeout(1);
    ds.setApplicationName("ordersync-probe");
    return ds;
  }

  static final String APP_ROLE = "ordersync_app";

  /** A plain (unpooled) data source of the login user, for work before the pool exists. */
  public static javax.sql.DataSource plain(String url, String user, String password) {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(url);
    if (user != null) {
      ds.setUser(user);
    }
    if (password != null) {
      ds.setPassword(password);
    }
    return ds;
  }

  private static boolean canUseAppRole(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, credentials(user, password));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                    + APP_ROLE
                    + "')"
                    + " AND pg_has_role(current_user, '"
                    + APP_ROLE
                    + "', 'MEMBER')")) {
      return rs.next() && rs.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private static Properties credentials(String user, String password) {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  private static void checkReachable(String url, String user, String password) {
    Properties props = credentials(user, password);
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "10");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
    } catch (SQLException e) {
      throw new DatabaseStartException(
          "cannot reach the database at " + redact(url) + ": " + firstLine(e.getMessage()), e);
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** A pool's connections now: in use, idle, the threads waiting for one, and its maximum size. */
  public record PoolState(int active, int idle, int waiting, int max) {}

  /** The main pool's state, for the metrics. */
  public PoolState poolState() {
    return dataSource.state();
  }

  /** The key storage pool's state, for the metrics. */
  public PoolState keysPoolState() {
    return keysDataSource.state();
  }

  /**
   * A small pool of its own for key storage, which commits on its own while a request holds a
   * connection of the main pool: sharing one pool would let busy requests starve the key writes
   * they wait for.
   */
  public DataSource keysDataSource() {
    return keysDataSource;
  }

  /**
   * A small pool of its own for the notification dispatcher's short statements (claim, mark,
   * record), so a burst of requests holding every connection of the main pool does not hold up
   * messages, nor the dispatcher the requests.
   */
  public DataSource notifyDataSource() {
    return notifyDataSource;
  }

  /**
   * A warning when the database server will not look after its tables by itself: with autovacuum
   * off, the planner's statistics are never refreshed as orders pile up (the restaurant board's
   * query turns from an index scan into a scan and sort of every order of the restaurant) and the
   * rows that the audit trail's pending table churns through are never reclaimed. The server still
   * starts: an operator may run VACUUM ANALYZE on a schedule instead.
   */
  public static java.util.Optional<String> maintenanceWarning(DataSource database) {
    try (Connection c = database.getConnection();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT current_setting('autovacuum'), current_setting('track_counts')")) {
      rs.next();
      return maintenanceWarning(rs.getString(1), rs.getString(2));
    } catch (SQLException e) {
      return java.util.Optional.empty(); // reachability is checked at start; nothing to add here
    }
  }

  static java.util.Optional<String> maintenanceWarning(String autovacuum, String trackCounts) {
    if ("on".equals(autovacuum) && "on".equals(trackCounts)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "PostgreSQL's autovacuum is off (autovacuum="
            + autovacuum
            + ", track_counts="
            + trackCounts
            + "): table"
            + " statistics go stale as orders pile up, so queries are planned for tables of another size, and the audit"
            + " trail's pending rows are never reclaimed. Switch it on, or run VACUUM ANALYZE on a schedule.");
  }

  /**
   * Whether a connection can be had and answers, within a second: the readiness check. A pool with
   * every connection in use is ready (busy, not broken) unless the circuit knows the database is
   * down. The probe itself may take longer (the pool waits for a connection while the database is
   * down); the check does not wait for it beyond the second, and polls that come while a probe runs
   * share it, so a database that is down costs one probe at a time, not a thread per poll.
   */
  public boolean healthy() {
    if (circuit.down()) {
      return false;
    }
    if (dataSource.busy()) {
      // Every connection is at work: a probe would wait behind the requests and call a busy
      // instance unready, and a balancer would then pull it and pile its load on the others. A
      // database that stopped answering them is the circuit's to notice (requests kept waiting
      // make it probe on a connection of its own).
      return true;
    }
    CompletableFuture<Boolean> running = probe.get();
    if (running == null || running.isDone()) {
      CompletableFuture<Boolean> next = new CompletableFuture<>();
      if (probe.compareAndSet(running, next)) {
        Thread.ofVirtual().name("database-probe").start(() -> next.complete(probeOnce()));
        running = next;
      } else {
        running = probe.get();
      }
    }
    try {
      return running.get(HEALTH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean probeOnce() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    circuit.close();
    dataSource.close();
    keysDataSource.close();
    if (notifyDataSource != dataSource) {
      notifyDataSource.close();
    }
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception ignored) {
        // Shutting down anyway.
      }
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
