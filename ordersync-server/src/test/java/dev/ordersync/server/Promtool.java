package dev.ordersync.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker (Debian's {@code prometheus} package; .ci/run installs it). Tests that
 * need it are skipped, saying so, on a machine without it.
 */
final class Promtool {
  private Promtool() {}

  /** What promtool said, and how it ended. */
  record Result(int exit, String output) {}

  /** Skips the calling test, with the reason, when promtool is not installed. */
  static void assumeInstalled() {
    assumeTrue(
        installed(),
        "promtool is not installed (apt-get install -y prometheus, as .ci/run does): the"
            + " Prometheus checks of the metrics and the alert rules are skipped");
  }

  static boolean installed() {
    try {
      return run(null, "--version").exit() == 0;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Runs {@code promtool args...}, with {@code stdin} as its input when not null. */
  static Result run(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("promtool");
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("promtool", ".out");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .directory(Path.of("..").toAbsolutePath().normalize().toFile());
        if (stdin == null) {
          pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process p = pb.start();
        if (stdin != null) {
          try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("promtool took over a minute: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
