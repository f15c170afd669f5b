package dev.ordersync.server;

import dev.ordersync.crypto.KeysetStore;
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
    KeysetStore keysets = columnKeys(config, tracing);
    Database database = opened.add(openDatabase(config, folder, keysets));
    ServerKeys keys = serverKeys(config);
    // The pool the features' statements go through: traced when tracing is on.
    javax.sql.DataSource pool = TracedDataSource.wrap(database.dataSource(), tracing);
    JdbcTransactions tx = new JdbcTransactions(pool, tracing);
    Columns columns = new Columns(CryptoSetup.crypto(keysets, database.keysDataSource(), tx));
    Database.maintenanceWarning(database.ownerDataSource()).ifPresent(LOG::warning);
    return new Infrastructure(config, clock, folder, database, keys, tx, columns, tracing, pool);
  }

  int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  private static KeysetStore columnKeys(ServerConfig config, Tracing tracing) {
    try {
      return CryptoSetup.keysetStore(config, config.keys(), tracing);
    } catch (RuntimeException e) {
      throw new StartupException("cannot open the column encryption keys: " + e.getMessage(), e);
    }
  }

  private static ServerKeys serverKeys(ServerConfig config) {
    try {
      return ServerKeys.load(
          config.keys(),
          config.jwtKeysetJson(),
          config.secretsKeysetJson(),
          config.orderTokenKey());
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /**
   * The database, migrated; its personal data encrypted with the keys of {@code keysets}. The
   * server and the commands open it alike.
   */
  static Database openDatabase(ServerConfig config, DataFolder folder, KeysetStore keysets) {
    EmbeddedDatabase embedded = null;
    String url = config.dbUrl();
    String user = config.dbUser();
    String password = config.dbPassword();
    if (config.embeddedDatabase()) {
      embedded = EmbeddedDatabase.start(folder.path().resolve("postgres"));
      url = embedded.jdbcUrl();
      user = "postgres";
      password = null;
    }
    // Migration 6 encrypts data left in plaintext by earlier versions; its subject keys go in
    // through a connection of their own, as at run time.
    Columns forMigration =
        new Columns(CryptoSetup.crypto(keysets, Database.plain(url, user, password)));
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
