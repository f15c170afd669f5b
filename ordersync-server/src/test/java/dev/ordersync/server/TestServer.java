package dev.ordersync.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A real OrderSync server on a free port, on its own fresh database and data folder. */
public final class TestServer implements AutoCloseable {
  /**
   * The master key every test server and command is given by default (an external database needs
   * one, decision 40), so that instances of one test share their keys as a deployment's do.
   */
  public static final String MASTER_KEY = "b3JkZXJzeW5jLXRlc3QtbWFzdGVyLWtleS0zMmJ5dGU=";

  private final TestDatabase database;
  private final Path dataDir;
  private final OrderSyncServer server;
  private final Api api;

  private TestServer(TestDatabase database, Path dataDir, OrderSyncServer server) {
    this.database = database;
    this.dataDir = dataDir;
    this.server = server;
    this.api = new Api("http://127.0.0.1:" + server.port());
  }

  public static TestServer start() {
    return start(Map.of());
  }

  /**
   * A server on a fresh database, without rate limits (tests sign in far more often from one
   * address than any person would); see {@link #start(Map, OrderSyncServer.Limits)} for a server
   * with them.
   */
  public static TestServer start(Map<String, String> extraEnv) {
    return start(extraEnv, OrderSyncServer.Limits.none());
  }

  /**
   * A server with the rate limits it has in production (configured from the environment, as Main
   * does).
   */
  public static TestServer startWithRateLimits(Map<String, String> extraEnv) {
    return start(extraEnv, null);
  }

  public static TestServer start(Map<String, String> extraEnv, OrderSyncServer.Limits limits) {
    return start(extraEnv, limits, null);
  }

  /**
   * A server whose changes record the messages they cause in {@code notifications} (null: its own
   * outbox).
   */
  public static TestServer start(
      Map<String, String> extraEnv,
      OrderSyncServer.Limits limits,
      dev.ordersync.core.notify.NotificationOutbox notifications) {
    TestDatabase db = TestDatabase.create();
    try {
      return startOn(db, extraEnv, limits, null, null, notifications);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * A server on an existing database: a second instance beside another (pass the first one's keys
   * in the env). If it cannot start, the database is left as it is (it may be another instance's).
   */
  /**
   * A server on a fresh database, without rate limits, whose spans go to {@code tracing} (a test's
   * SDK with an in-memory exporter).
   */
  public static TestServer startTraced(
      Map<String, String> extraEnv, dev.ordersync.server.observe.Tracing tracing) {
    TestDatabase db = TestDatabase.create();
    try {
      return startOn(db, extraEnv, OrderSyncServer.Limits.none(), tracing, null);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public static TestServer startOn(
      TestDatabase db, Map<String, String> extraEnv, OrderSyncServer.Limits limits) {
    return startOn(db, extraEnv, limits, null, null);
  }

  /** A server on a fresh database whose notifications go out through {@code providers}. */
  static TestServer startWithProviders(
      Map<String, String> extraEnv, NotificationsWiring.Providers providers) {
    TestDatabase db = TestDatabase.create();
    try {
      return startOn(db, extraEnv, OrderSyncServer.Limits.none(), null, providers);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * A server on an existing database whose notifications go out through {@code providers} (null: as
   * configured).
   */
  static TestServer startOn(
      TestDatabase db,
      Map<String, String> extraEnv,
      OrderSyncServer.Limits limits,
      NotificationsWiring.Providers providers) {
    return startOn(db, extraEnv, limits, null, providers);
  }

  private static TestServer startOn(
      TestDatabase db,
      Map<String, String> extraEnv,
      OrderSyncServer.Limits limits,
      dev.ordersync.server.observe.Tracing tracing,
      NotificationsWiring.Providers providers) {
    return startOn(db, extraEnv, limits, tracing, providers, null);
  }

  private static TestServer startOn(
      TestDatabase db,
      Map<String, String> extraEnv,
      OrderSyncServer.Limits limits,
      dev.ordersync.server.observe.Tracing tracing,
      NotificationsWiring.Providers providers,
      dev.ordersync.core.notify.NotificationOutbox recordedIn) {
    try {
      Path dir = Files.createTempDirectory("ordersync-test");
      Map<String, String> env = new HashMap<>();
      env.put("ORDERSYNC_PORT", "0");
      env.put("ORDERSYNC_HOST", "127.0.0.1");
      env.put("ORDERSYNC_DATA_DIR", dir.toString());
      env.put("ORDERSYNC_DB_URL", db.url());
      env.put("ORDERSYNC_DB_USER", TestDatabase.USER);
      if (TestDatabase.PASSWORD != null) {
        env.put("ORDERSYNC_DB_PASSWORD", TestDatabase.PASSWORD);
      }
      env.put("ORDERSYNC_DB_POOL_SIZE", "8");
      env.put("ORDERSYNC_MANAGEMENT_PORT", "0");
      env.put("ORDERSYNC_MASTER_KEY", MASTER_KEY);
      env.putAll(extraEnv);
      ServerConfig config = ServerConfig.fromEnvironment(env);
      OrderSyncServer.Limits chosen =
          limits == null ? OrderSyncServer.Limits.defaults(config) : limits;
      OrderSyncServer started =
          recordedIn != null
              ? OrderSyncServer.start(config, chosen, recordedIn)
              : limits == null && tracing == null && providers == null
                  ? OrderSyncServer.start(config)
                  : OrderSyncServer.start(config, chosen, tracing, providers);
      return new TestServer(db, dir, started);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(e);
    }
  }

  public Api api() {
    return api;
  }

  public int port() {
    return server.port();
  }

  /** The management listener's port, where the metrics are (-1 if a test turned it off). */
  public int managementPort() {
    return server.managementPort();
  }

  /** The Prometheus text of {@code GET /observe/metrics} on the management listener. */
  public String metrics() {
    return Metrics.scrape(managementPort());
  }

  public TestDatabase database() {
    return database;
  }

  public OrderSyncServer.Application application() {
    return server.application();
  }

  /** Where the server's features record the messages to send. */
  dev.ordersync.core.notify.NotificationOutbox notificationOutbox() {
    return server.notificationOutbox();
  }

  /** Seals and signs an audit checkpoint now (see {@link OrderSyncServer#sealAuditNow()}). */
  public java.util.Optional<Long> sealAuditNow() {
    return server.sealAuditNow();
  }

  /** The running server itself, for what tests ask of it directly (rollups, reports). */
  public OrderSyncServer orderSync() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server only, leaving the database for another instance. */
  public void stopServerOnly() {
    server.close();
    deleteTree(dataDir);
  }

  @Override
  public void close() {
    server.close();
    database.close();
    deleteTree(dataDir);
  }

  public static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
