package dev.ordersync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections that hold the server's resources and send nothing useful: idle ones (connected,
 * silent) and slow ones (a request's first line, then one header byte a second, never finished).
 * Counts how many could be opened and how many the server closed while they were held.
 */
final class ConnectionFlood implements AutoCloseable {
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final LongAdder opened = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder closedByServer = new LongAdder();
  private volatile boolean closing;

  /** Opens {@code idle} idle and {@code slow} slow connections to 127.0.0.1:{@code port}. */
  ConnectionFlood(int port, int idle, int slow) throws InterruptedException {
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < idle + slow; i++) {
        boolean isSlow = i >= idle;
        vts.submit(() -> open(port, isSlow));
      }
    }
  }

  private void open(int port, boolean slow) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      sockets.add(s);
      opened.increment();
      Thread.ofVirtual().start(() -> watch(s));
      if (slow) {
        Thread.ofVirtual().start(() -> dribble(s));
      }
    } catch (IOException e) {
      failed.increment();
      closeQuietly(s);
    }
  }

  /** Blocks on a read: -1 or an error means the server closed the connection. */
  private void watch(Socket s) {
    try (InputStream in = s.getInputStream()) {
      while (in.read() >= 0) {
        // an answer (e.g. 408 or 400) before the close: keep reading until the close
      }
    } catch (IOException e) {
      // reset by the server, or closed by us
    }
    if (!closing) {
      closedByServer.increment();
    }
  }

  private void dribble(Socket s) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(
          "POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (!closing && !s.isClosed()) {
        Thread.sleep(1_000);
        out.write('a');
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed
    }
  }

  long opened() {
    return opened.sum();
  }

  long failed() {
    return failed.sum();
  }

  long closedByServer() {
    return closedByServer.sum();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closing = true;
    sockets.forEach(ConnectionFlood::closeQuietly);
  }
}
