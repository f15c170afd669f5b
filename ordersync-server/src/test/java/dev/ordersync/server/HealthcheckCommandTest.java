package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar ordersync-server.jar healthcheck}, the container image's HEALTHCHECK (no curl in
 * a JRE image): exit status 0 when the server on ORDERSYNC_PORT answers its readiness probe with
 * 200, 1 when nothing answers there.
 */
class HealthcheckCommandTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aReadyServerPassesAndAPortWithNothingOnItFails() throws Exception {
    assertEquals(0, run(server.port()).exit(), "a ready server");
    int free;
    try (ServerSocket socket = new ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    Run nothing = run(free);
    assertEquals(1, nothing.exit(), "nothing listens: " + nothing);
    assertTrue(nothing.out().contains("did not answer"), nothing.out());
  }

  @Test
  void theHostItListensOnEverywhereIsAskedOnLoopback() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ServerConfig config =
        ServerConfig.fromEnvironment(
            Map.of("ORDERSYNC_HOST", "0.0.0.0", "ORDERSYNC_PORT", String.valueOf(server.port())));
    assertTrue(
        Commands.healthcheck(
            config,
            java.time.Duration.ofSeconds(3),
            new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .contains("http://127.0.0.1:" + server.port() + "/observe/health/ready answered 200"),
        bytes.toString(StandardCharsets.UTF_8));
  }

  private record Run(int exit, String out, String err) {}

  /** The command as the image runs it, in a JVM of its own, told only the port. */
  private static Run run(int port) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx32m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.ordersync.server.Main");
    command.add("healthcheck");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    pb.environment().put("ORDERSYNC_HOST", "0.0.0.0");
    pb.environment().put("ORDERSYNC_PORT", String.valueOf(port));
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
