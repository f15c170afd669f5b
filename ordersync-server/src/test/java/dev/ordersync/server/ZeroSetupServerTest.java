package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server as people start it: {@code Main} in its own JVM with no configuration but a data
 * folder, on the embedded PostgreSQL. Orders survive both a clean restart and a crash (the JVM
 * killed with SIGKILL, leaving its PostgreSQL behind), and each start-up failure is one clear line,
 * not a stack trace.
 */
class ZeroSetupServerTest {
  private Path dataDir;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void folder() throws IOException {
    dataDir = Files.createTempDirectory("ordersync-zero-setup");
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
      }
    }
    TestServer.deleteTree(dataDir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process launch(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest grants (Conscrypt)
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.ordersync.server.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(false);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /**
   * Reads the server's output until it says it is running; fails with what it printed if it does
   * not within two minutes, or if the process ends first. Reading happens on a thread of its own so
   * a silent server cannot hang the test.
   */
  private static void awaitRunning(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuffer seen = new StringBuffer();
    java.util.concurrent.CompletableFuture<Boolean> running =
        new java.util.concurrent.CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  seen.append(line).append('\n');
                  if (line.startsWith("OrderSync is running")) {
                    running.complete(true);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              running.complete(false);
            });
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                p.getErrorStream()
                    .transferTo(
                        new java.io.OutputStream() {
                          @Override
                          public void write(int b) {
                            seen.append((char) b);
                          }
                        });
              } catch (IOException ignored) {
                // the process ended
              }
            });
    boolean started;
    try {
      started = running.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      started = false;
    }
    if (!started) {
      throw new AssertionError("the server did not start:\n" + seen);
    }
  }

  @Test
  void anAcknowledgedOrderSurvivesARestartAndACrash() throws Exception {
    int port = freePort();
    Map<String, String> env =
        Map.of("ORDERSYNC_DATA_DIR", dataDir.toString(), "ORDERSYNC_PORT", Integer.toString(port));
    Process first = launch(env, "--demo");
    awaitRunning(first);
    // Zero set-up: the master key that wraps the deployment's keys in the database was made in the
    // keys folder, for its owner only (decision 40).
    Path masterKey = dataDir.resolve("keys/master.key");
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(masterKey)));
    Api api = new Api("http://127.0.0.1:" + port);
    Scenario story = new Scenario(api);
    Scenario.Owner owner = story.anOwnerWithARestaurant("Durable Diner");
    String item = story.anItem(owner, "Sundubu", 9000, null);
    Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 1);

    first.destroy();
    assertTrue(first.waitFor(60, TimeUnit.SECONDS), "a clean stop");
    assertFalse(
        Files.exists(dataDir.resolve("postgres/postmaster.pid")),
        "the embedded PostgreSQL stopped with it");

    Process second = launch(env);
    awaitRunning(second);
    assertEquals(
        "PLACED",
        api.get("/api/v1/orders/" + placed.text("id"), placed.text("order_token")).text("status"));
    Api.Response accepted =
        api.post(
            "/api/v1/restaurants/me/orders/" + placed.text("id") + "/accept",
            null,
            story.login(owner.email()));
    assertEquals(200, accepted.status(), accepted::toString);

    // The key commands run beside the running server: they reach its embedded PostgreSQL.
    Map<String, String> command = Map.of("ORDERSYNC_DATA_DIR", dataDir.toString());
    String rotated = run(command, "keys", "rotate");
    assertTrue(rotated.contains("field key 2 is now primary"), rotated);
    String status = run(command, "keys", "status");
    assertTrue(
        status.contains(
            "field keys:       [KeyVersion[version=1, state=ACTIVE],"
                + " KeyVersion[version=2, state=PRIMARY]]"),
        status);
    assertEquals(
        "ACCEPTED",
        api.get("/api/v1/orders/" + placed.text("id"), placed.text("order_token")).text("status"));

    second.destroyForcibly();
    assertTrue(second.waitFor(30, TimeUnit.SECONDS));
    assertTrue(
        Files.exists(dataDir.resolve("postgres/postmaster.pid")),
        "the crash left PostgreSQL running");

    Process third = launch(env);
    awaitRunning(third);
    Api.Response after = api.get("/api/v1/orders/" + placed.text("id"), placed.text("order_token"));
    assertEquals("ACCEPTED", after.text("status"), after::toString);
    Api.Response demoLogin =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\""
                + DemoData.OWNER_EMAIL
                + "\",\"password\":\""
                + DemoData.OWNER_PASSWORD
                + "\"}",
            null);
    assertEquals(200, demoLogin.status(), "the demo owner from the first start is still there");
  }

  /**
   * A crash that kills the JVM and its PostgreSQL together leaves a lock file naming the dead
   * postmaster. Where nothing reaps it, that pid is still a zombie (or, later, another program),
   * and PostgreSQL took it for a running owner of the folder: the server waited 60 s and gave up.
   * Each restart now takes well under 10 s.
   */
  @Test
  void aCrashThatAlsoKilledPostgresRestartsInsteadOfWaitingOnTheDeadLock() throws Exception {
    int port = freePort();
    Map<String, String> env =
        Map.of("ORDERSYNC_DATA_DIR", dataDir.toString(), "ORDERSYNC_PORT", Integer.toString(port));
    awaitRunning(launch(env));
    Path lock = dataDir.resolve("postgres/postmaster.pid");

    crashBoth(lock, zombie());
    long started = System.nanoTime();
    awaitRunning(launch(env));
    long zombieRestart = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println(
        "restart over a zombie's lock: " + zombieRestart + " ms (load " + loadAverage() + ")");
    assertTrue(
        zombieRestart < 60_000, "restarted over a zombie's lock in " + zombieRestart + " ms");

    Process otherProgram = new ProcessBuilder("sleep", "120").start();
    processes.add(otherProgram);
    crashBoth(lock, otherProgram.pid());
    started = System.nanoTime();
    awaitRunning(launch(env));
    long reusedRestart = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println(
        "restart over a reused pid's lock: " + reusedRestart + " ms (load " + loadAverage() + ")");
    assertTrue(
        reusedRestart < 60_000, "restarted over a reused pid's lock in " + reusedRestart + " ms");
    assertTrue(otherProgram.isAlive(), "the program that got the pid was left alone");
  }

  /** The one-minute load average, which most of a start's time depends on here. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Kills the running server and its postmaster with SIGKILL, then makes the lock file name {@code
   * pid}, as it does when the postmaster is never reaped (a zombie) or its pid goes to another
   * program.
   */
  private void crashBoth(Path lock, long pid) throws Exception {
    long postmaster = Long.parseLong(Files.readAllLines(lock).getFirst().strip());
    for (Process p : processes) {
      if (p.isAlive() && p.info().command().orElse("").contains("java")) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    new ProcessBuilder("kill", "-KILL", Long.toString(postmaster)).start().waitFor();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ProcessHandle.of(postmaster).isPresent()
        && !dev.ordersync.server.postgres.EmbeddedDatabase.isZombie(postmaster)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(lock));
    lines.set(0, Long.toString(pid));
    Files.write(lock, lines);
  }

  /** The pid of a process that has exited and that nobody reaps (its parent only sleeps). */
  private long zombie() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 120").start();
    processes.add(parent);
    long pid =
        Long.parseLong(
            new BufferedReader(
                    new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                .readLine()
                .strip());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!dev.ordersync.server.postgres.EmbeddedDatabase.isZombie(pid)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(dev.ordersync.server.postgres.EmbeddedDatabase.isZombie(pid), "a zombie to name");
    return pid;
  }

  private String failure(Map<String, String> env) throws Exception {
    Process p = launch(env);
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the server gave up");
    assertEquals(1, p.exitValue());
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    List<String> lines = err.lines().filter(l -> !l.startsWith("WARNING: ")).toList();
    assertEquals(1, lines.size(), "one line, no stack trace:\n" + err);
    return lines.getFirst();
  }

  /** Runs a command to its end; its output, or a failure with what it printed. */
  private String run(Map<String, String> env, String... args) throws Exception {
    Process p = launch(env, args);
    p.getOutputStream().close();
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = readAll(p.getInputStream());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out + err.get());
    return out;
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aTakenPortIsOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      String line =
          failure(
              Map.of(
                  "ORDERSYNC_DATA_DIR",
                  dataDir.toString(),
                  "ORDERSYNC_PORT",
                  Integer.toString(taken.getLocalPort())));
      assertTrue(
          line.startsWith("ordersync: port " + taken.getLocalPort() + " is already in use"), line);
    }
  }

  @Test
  void aDataFolderThatCannotBeWrittenIsOneClearLine() throws Exception {
    Path file = Files.writeString(dataDir.resolve("a-file"), "not a folder");
    String line =
        failure(
            Map.of("ORDERSYNC_DATA_DIR", file.resolve("data").toString(), "ORDERSYNC_PORT", "0"));
    assertTrue(
        line.startsWith("ordersync: the data folder ") && line.contains("ORDERSYNC_DATA_DIR"),
        line);
  }

  @Test
  void anUnreachableDatabaseIsOneClearLine() throws Exception {
    String line =
        failure(
            Map.of(
                "ORDERSYNC_DATA_DIR", dataDir.toString(),
                "ORDERSYNC_PORT", "0",
                "ORDERSYNC_DB_URL", "jdbc:postgresql://127.0.0.1:1/ordersync",
                "ORDERSYNC_DB_USER", "ordersync",
                "ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY));
    assertTrue(
        line.startsWith(
            "ordersync: cannot reach the database at jdbc:postgresql://127.0.0.1:1/ordersync"),
        line);
  }

  @Test
  void aBadSettingIsOneClearLine() throws Exception {
    String line =
        failure(Map.of("ORDERSYNC_DATA_DIR", dataDir.toString(), "ORDERSYNC_PORT", "eighty"));
    assertEquals(
        "ordersync: ORDERSYNC_PORT must be a whole number from 0 to 65535, not 'eighty'", line);
  }
}
