package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The database going away under a running server, played by a TCP proxy between the server and the
 * machine's PostgreSQL (which other tests share, so it is never stopped): while the proxy is cut,
 * readiness answers 503 within a second on every poll instead of hanging; once it is restored,
 * readiness comes back by itself.
 */
class DatabaseOutageTest {
  @Test
  void healthAnswersWithinASecondWhileTheDatabaseIsDownAndRecovers() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        CuttableProxy proxy = new CuttableProxy(5432)) {
      String viaProxy = db.url().replace(":5432/", ":" + proxy.port() + "/");
      TestServer server =
          TestServer.startOn(
              db, Map.of("ORDERSYNC_DB_URL", viaProxy), OrderSyncServer.Limits.none());
      try {
        assertEquals(200, server.api().get("/observe/health", null).status());

        proxy.cut();
        for (int i = 0; i < 5; i++) {
          long started = System.nanoTime();
          int status = server.api().get("/observe/health", null).status();
          long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          assertEquals(503, status, "the database is down");
          assertTrue(took < 1_000, "health answered in " + took + " ms");
        }

        proxy.restore();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status = 0;
        while (System.nanoTime() < deadline
            && (status = server.api().get("/observe/health", null).status()) != 200) {
          Thread.sleep(100);
        }
        assertEquals(200, status, "ready again once the database is back");
      } finally {
        server.stopServerOnly();
      }
    }
  }

  /**
   * Forwards to a local port until cut: then every connection through it is closed and new ones are
   * refused, as when PostgreSQL stops.
   */
  static final class CuttableProxy implements AutoCloseable {
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile ServerSocket listener;

    CuttableProxy(int target) throws IOException {
      this.target = target;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.port = listener.getLocalPort();
      accept(listener);
    }

    int port() {
      return port;
    }

    private void accept(ServerSocket on) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!on.isClosed()) {
                  try {
                    Socket client = on.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                  } catch (IOException e) {
                    // cut, or the upstream refused
                  }
                }
              });
    }

    private void pipe(Socket from, Socket to) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (IOException ignored) {
                  // closed
                }
                closeQuietly(from);
                closeQuietly(to);
              });
    }

    void cut() {
      closeQuietly(listener);
      open.forEach(CuttableProxy::closeQuietly);
      open.clear();
    }

    void restore() throws IOException {
      ServerSocket again = new ServerSocket();
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listener = again;
      accept(again);
    }

    private static void closeQuietly(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already closed
      }
    }

    @Override
    public void close() {
      cut();
    }
  }
}
