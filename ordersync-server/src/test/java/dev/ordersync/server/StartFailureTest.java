package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.http.AuthRoutes;
import io.helidon.webserver.http.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start that fails after the database, the audit trail and the live events are up closes what it
 * had opened: no connection left to the database, no event-bus thread left running, and the data
 * folder free for the next start.
 */
class StartFailureTest {
  /** Limits that fail when the web server asks for its filter, after everything else started. */
  private static final OrderSyncServer.Limits NO_FILTER =
      new OrderSyncServer.Limits() {
        @Override
        public Filter filter(Authenticator auth) {
          throw new IllegalStateException("no filter today");
        }

        @Override
        public AuthRoutes.LoginGuard loginGuard(ServerKeys keys) {
          return AuthRoutes.LoginGuard.none();
        }
      };

  private static Map<String, String> env(TestDatabase db, Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_PORT", "0");
    env.put("ORDERSYNC_HOST", "127.0.0.1");
    env.put("ORDERSYNC_DATA_DIR", dir.toString());
    env.put("ORDERSYNC_DB_URL", db.url());
    env.put("ORDERSYNC_DB_USER", TestDatabase.USER);
    if (TestDatabase.PASSWORD != null) {
      env.put("ORDERSYNC_DB_PASSWORD", TestDatabase.PASSWORD);
    }
    env.put("ORDERSYNC_DB_POOL_SIZE", "4");
    env.put("ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY);
    env.put("ORDERSYNC_REDIS_URL", "redis://127.0.0.1:6379");
    env.put("ORDERSYNC_REDIS_KEY_PREFIX", "test-" + UUID.randomUUID() + ":");
    return env;
  }

  private static Set<Thread> eventBusThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ordersync-redis-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static int otherConnections(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void aStartThatFailsLateClosesEverythingItHadOpened() throws Exception {
    Path dir = Files.createTempDirectory("ordersync-test");
    try (TestDatabase db = TestDatabase.create()) {
      Set<Thread> before = eventBusThreads();
      ServerConfig config = ServerConfig.fromEnvironment(env(db, dir));
      // The API's filter is the last thing asked for before the web server is built.
      var failure =
          assertThrows(IllegalStateException.class, () -> OrderSyncServer.start(config, NO_FILTER));
      assertEquals("no filter today", failure.getMessage());

      long deadline = System.nanoTime() + 10_000_000_000L;
      Set<Thread> left = eventBusThreads();
      left.removeAll(before);
      while (!left.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        left = eventBusThreads();
        left.removeAll(before);
      }
      assertTrue(left.isEmpty(), "the event bus was closed: " + left);
      assertEquals(0, otherConnections(db), "the database's connections were closed");

      try (OrderSyncServer server = OrderSyncServer.start(config, OrderSyncServer.Limits.none())) {
        assertTrue(server.port() > 0, "the data folder was free for the next start");
      }
    } finally {
      TestServer.deleteTree(dir);
    }
  }
}
