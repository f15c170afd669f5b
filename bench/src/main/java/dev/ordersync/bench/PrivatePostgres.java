package dev.ordersync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL of the suite's own (initdb in a temporary folder, on a free port, durable settings:
 * fsync and synchronous commit on), so that it can be restarted and crashed under load without
 * disturbing the machine's PostgreSQL, which other tests share. Run as the {@code postgres} user
 * when the suite runs as root (PostgreSQL refuses root).
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** initdb, then start; {@code binDir} null: the newest /usr/lib/postgresql/N/bin. */
  static PrivatePostgres start(String binDir, int port) throws IOException, InterruptedException {
    Path bin = binDir != null ? Path.of(binDir) : newestInstalled();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("ordersync-faults-pg");
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    }
    PrivatePostgres pg = new PrivatePostgres(bin, dir, port, root);
    pg.run(
        "initdb",
        "-D",
        dir.resolve("data").toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8");
    pg.start();
    return pg;
  }

  private static Path newestInstalled() throws IOException {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .filter(p -> Files.isExecutable(p.resolve("bin/pg_ctl")))
          .max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL in /usr/lib/postgresql"));
    }
  }

  String adminUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  void start() throws IOException, InterruptedException {
    run(
        "pg_ctl",
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "120",
        "-o",
        "-p "
            + port
            + " -k "
            + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on"
            + " -c max_connections=200",
        "start");
  }

  /**
   * Stops it: {@code fast} ends the connections and stops after a checkpoint (a restart's first
   * half); {@code immediate} stops every process at once with no checkpoint (a crash: the next
   * start replays the write-ahead log).
   */
  void stop(String mode) throws IOException, InterruptedException {
    run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", mode, "-w", "stop");
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgres) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(tool + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } catch (IllegalStateException e) {
      // not running
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
