package dev.ordersync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OrderSync server as a process of its own ({@code java -cp CLASSPATH
 * dev.ordersync.server.Main}), so that the fault suite can kill it with SIGKILL and start it again
 * on the same database and data folder. Its output is appended to one log across restarts.
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient PROBE =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private final URI base;
  private Process process;

  /**
   * @param java the java binary
   * @param classpath the server's classpath (its jar, whose manifest names its libs, or a test
   *     classpath)
   * @param javaOptions extra JVM options
   * @param env the server's settings (ORDERSYNC_*); ORDERSYNC_PORT must be among them
   */
  ServerProcess(
      String java, String classpath, List<String> javaOptions, Map<String, String> env, Path log) {
    List<String> c = new ArrayList<>();
    c.add(java);
    c.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest grants (Conscrypt)
    c.addAll(javaOptions);
    c.add("-cp");
    c.add(classpath);
    c.add("dev.ordersync.server.Main");
    this.command = List.copyOf(c);
    this.env = Map.copyOf(env);
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + env.get("ORDERSYNC_PORT") + "/observe/health");
  }

  /** Starts the server and waits until its health answers 200, at most {@code timeout}. */
  long start(Duration timeout) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    long deadline = t0 + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited (" + process.exitValue() + "): see " + log + "\n" + tail());
      }
      if (healthStatus() == 200) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "the server was not healthy within " + timeout + ": see " + log + "\n" + tail());
  }

  /** SIGKILL, as the OOM killer or a power cut does: no shutdown hook runs. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The health endpoint's status and body (status 0 when it does not answer within 2 s). */
  HttpResponse<String> health() throws InterruptedException {
    try {
      return PROBE.send(
          HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    }
  }

  int healthStatus() throws InterruptedException {
    HttpResponse<String> r = health();
    return r == null ? 0 : r.statusCode();
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Lines of the log that name a SEVERE record (a server error, not a client fault). */
  long severeLines() throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("SEVERE")).count();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** A clean stop (SIGTERM, the shutdown hook closes the server), then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
