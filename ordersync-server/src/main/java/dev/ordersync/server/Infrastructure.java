package dev.ordersync.server;

import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.observe.TracedDataSource;
import dev.ordersync.server.observe.Tracing;
import dev.ordersync.server.postgres.Columns;
import dev.ordersync.server.postgres.Database;
import dev.ordersync.server.postgres.EmbeddedDatabase;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.V6__EncryptPersonalData;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * What every feature is built on: the configuration, the server's clock, the locked data folder,
 * the migrated database, the server's keys, the unit of work and the encrypted columns.
 */
record Infrastructure(
    ServerConfig config,
    Clock clock,
    DataFolder folder,
    Database database,
    DeploymentKeys deploymentKeys,
    ServerKeys keys,
    JdbcTransactions tx,
    Columns columns,
    Tracing tracing,
    javax.sql.DataSource pool) {
  private static final Logger LOG = Logger.getLogger(Infrastructure.class.getName());

  /**
   * Locks the data folder, checks the port, opens the keys and the database; what it opens is added
   * to {@code opened}.
   */
  static Infrastructure open(ServerConfig config, OpenedResources opened, Tracing tracing) {
    // Taken once, first: a fake clock starts at ORDERSYNC_FAKE_NOW when the start begins.
    Clock clock = config.clock();
    DataFolder folder = opened.add(DataFolder.open(config.dataDir()));
    // A taken port is reported before the database is started, which can take seconds.
    WebServerWiring.checkPortFree(config);
    // What wraps the deployment's keys: checked before the database starts (a missing master key
    // with an external database is a one-line error).
    DeploymentKeys.KeyEncryption kek = DeploymentKeys.keyEncryption(config, tracing);
    Database database = opened.add(openDatabase(config, folder));
    DeploymentKeys deploymentKeys = deploymentKeys(database, kek, config);
    ServerKeys keys = serverKeys(deploymentKeys);
    // The pool the features' statements go through: traced when tracing is on.
    javax.sql.DataSource pool = TracedDataSource.wrap(database.dataSource(), tracing);
    JdbcTransactions tx = new JdbcTransactions(pool, tracing);
    Columns columns =
        new Columns(CryptoSetup.crypto(deploymentKeys.columnKeys(), database.keysDataSource(), tx));
    Database.maintenanceWarning(database.ownerDataSource()).ifPresent(LOG::warning);
    return new Infrastructure(
        config, clock, folder, database, deploymentKeys, keys, tx, columns, tracing, pool);
  }

  int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  /**
   * The deployment's keys in the database: checked against {@code kek}, imported from the keys
   * folder on the first start of this version, or generated.
   */
  static DeploymentKeys deploymentKeys(
      Database database, DeploymentKeys.KeyEncryption kek, ServerConfig config) {
    try {
      return DeploymentKeys.open(database.ownerDataSource(), kek, config);
    } catch (StartupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StartupException("cannot open the deployment's keys: " + e.getMessage(), e);
    }
  }

  private static ServerKeys serverKeys(DeploymentKeys keys) {
    try {
      return keys.serverKeys();
    } catch (RuntimeException e) {
      throw new StartupException("cannot open the server's keys: " + e.getMessage(), e);
    }
  }

  /**
   * The database, migrated. The server and the commands open it alike. Migration 6 (personal data
   * left in plaintext by the earliest versions) encrypts with the keys where those versions kept
   * them, the keys folder, which are imported into the database right after.
   */
  static Database openDatabase(ServerConfig config, DataFolder folder) {
    if (config.embeddedDatabase()) {
      EmbeddedDatabase embedded = EmbeddedDatabase.start(folder.path().resolve("postgres"));
      return openDatabase(config, embedded.jdbcUrl(), "postgres", null, embedded);
    }
    return openDatabase(config, config.dbUrl(), config.dbUser(), config.dbPassword(), null);
  }

  /**
   * The database at {@code url}, migrated; {@code embedded}, if any, is closed with it (or at once
   * if it cannot be opened).
   */
  static Database openDatabase(
      ServerConfig config, String url, String user, String password, EmbeddedDatabase embedded) {
    // Migration 6 encrypts data left in plaintext by earlier versions; its subject keys go in
    // through a connection of their own, as at run time.
    javax.sql.DataSource plain = Database.plain(url, user, password);
    java.util.function.Supplier<Columns> forMigration =
        () -> new Columns(CryptoSetup.legacyCrypto(config, plain));
    try {
      return Database.connect(
          url,
          user,
          password,
          config.dbPoolSize(),
          embedded,
          List.of(new V6__EncryptPersonalData(forMigration)));
    } catch (RuntimeException e) {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      throw e;
    }
  }
}
