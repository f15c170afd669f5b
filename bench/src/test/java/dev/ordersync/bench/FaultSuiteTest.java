package dev.ordersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.bench.AuthBench.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite's short form (the long form is bench/faults.sh): the server, started from this
 * classpath as a process of its own on a fresh database of the machine's PostgreSQL and a Redis of
 * the suite's own, is killed with SIGKILL twice under order load while clients resend by key, then
 * its database is cut off behind a proxy once (the 503s of decision 30), then its Redis is killed
 * for a few seconds. No acknowledged order may be lost, none made twice, no answer may be a 5xx
 * other than 503; during the Redis outage orders and the live feed keep flowing and health says
 * degraded with status 200. Timings are reported, never asserted: this machine is shared.
 */
class FaultSuiteTest {
  private static final String ADMIN_URL =
      System.getenv()
          .getOrDefault("ORDERSYNC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String USER =
      System.getenv().getOrDefault("ORDERSYNC_TEST_PG_USER", "postgres");
  private static final String PASSWORD = System.getenv().get("ORDERSYNC_TEST_PG_PASSWORD");

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void killedServersAndARedisOutageLoseNoAcknowledgedOrderAndMakeNoneTwice() throws Exception {
    String db =
        "ordersync_faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Path work = Files.createTempDirectory("ordersync-faults");
    admin("CREATE DATABASE " + db);
    try {
      FaultBench.Report report = new FaultBench(options(db, work)).run();

      assertEquals(
          List.of("kill9", "pg-cut", "redis-outage"),
          report.figures().stream().map(Figures::scenario).toList());
      for (Figures f : report.figures()) {
        assertTrue(f.acknowledged() > 0, f::line);
        assertEquals(0, f.lost(), f::line);
        assertEquals(0, f.duplicated(), f::line);
        assertEquals(0, f.serverErrors(), f::line);
        assertEquals(0, f.unresolved(), f::line);
        assertEquals(0, f.refused(), f::line);
        assertEquals(List.of(), f.failures(), f::line);
      }
      Figures kills = report.figures().getFirst();
      assertEquals(2, kills.faults(), kills::line);
      assertTrue(kills.replaysChecked() > 0, kills::line);
      assertFalse(report.check().contains("FAILED"), report::check);
    } finally {
      admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      deleteTree(work);
    }
  }

  /**
   * A PostgreSQL of the suite's own restarted ({@code pg_ctl -m fast}) under load: nothing lost or
   * made twice, and the server serves again within a second or two of its return, not after the
   * pool's reconnection backoff (~5 s on every restart before the circuit renewed an emptied pool).
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aRestartedDatabaseIsServedAgainAtOnceAndNothingIsLostOrMadeTwice() throws Exception {
    Path work = Files.createTempDirectory("ordersync-faults");
    try {
      Map<String, String> o = new java.util.HashMap<>(options("unused", work).values());
      o.remove("db-url");
      o.put("private-postgres", "true");
      o.put("scenarios", "pg-restart");
      o.put("pg-restarts", "2");
      FaultBench.Report report = new FaultBench(new Options(o)).run();
      Figures f = report.figures().getFirst();
      assertEquals("pg-restart", f.scenario());
      assertTrue(f.acknowledged() > 0, f::line);
      assertEquals(0, f.lost(), f::line);
      assertEquals(0, f.duplicated(), f::line);
      assertEquals(0, f.serverErrors(), f::line);
      assertEquals(List.of(), f.failures(), f::line);
      String recovered = f.extra().get("ready_again_after_ms(min/median/max)");
      long slowest = Long.parseLong(recovered.substring(recovered.lastIndexOf('/') + 1));
      assertTrue(slowest < 2_500, "ready again " + recovered + " ms after PostgreSQL returned");
    } finally {
      deleteTree(work);
    }
  }

  private static Options options(String db, Path work) {
    String url = ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
    Map<String, String> o =
        new java.util.HashMap<>(
            Map.ofEntries(
                Map.entry("server-cp", System.getProperty("java.class.path")),
                Map.entry("db-url", url),
                Map.entry("db-user", USER),
                Map.entry("scenarios", "kill9,pg-cut,redis-outage"),
                Map.entry("pg-restarts", "1"),
                Map.entry("kills", "2"),
                Map.entry("redis-outages", "1"),
                Map.entry("load-seconds", "2"),
                Map.entry("outage-seconds", "4"),
                Map.entry("clients", "8"),
                Map.entry("restaurants", "2"),
                Map.entry("items", "6"),
                Map.entry("replay-check", "100"),
                Map.entry("give-up-seconds", "180"),
                Map.entry("start-timeout", "180"),
                Map.entry("server-java-opts", "-Xmx512m"),
                Map.entry("work", work.toString())));
    if (PASSWORD != null) {
      o.put("db-password", PASSWORD);
    }
    return new Options(o);
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
