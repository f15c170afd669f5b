package dev.ordersync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the suite's own on a free port (no persistence), so that an outage never
 * touches the machine's Redis, which other tests share. {@link #kill()} is the outage (SIGKILL);
 * {@link #start()} brings it back on the same port.
 */
final class PrivateRedis implements AutoCloseable {
  private final String binary;
  private final int port;
  private final Path log;
  private Process process;

  PrivateRedis(String binary, int port, Path log) {
    this.binary = binary;
    this.port = port;
    this.log = log;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited: see " + log);
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port + ": see " + log);
  }

  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
