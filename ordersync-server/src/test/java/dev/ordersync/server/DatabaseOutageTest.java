package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database going away under a running server, played by a TCP proxy between the server and the
 * machine's PostgreSQL (which other tests share, so it is never stopped): while the proxy is cut,
 * readiness answers 503 within a second on every poll instead of hanging, and requests are refused
 * at once with 503 and {@code Retry-After} instead of waiting out the pool; once it is restored,
 * readiness comes back by itself, requests succeed again within a fraction of a second, and an
 * order resent with its key is placed once.
 */
class DatabaseOutageTest {
  /**
   * Well under the pool's connection timeout (5 s), which is what a request waited before its 503
   * without the circuit; generous, since the machine is loaded.
   */
  private static final long FAST_MILLIS = 3_000;

  /**
   * How soon after the database returns a request must succeed; without renewing the pool it took
   * up to the pool's 5 s backoff. Generous: the figure measured is in docs/operations.md.
   */
  private static final long RECOVERY_MILLIS = 3_000;

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

  @ParameterizedTest(name = "group commit {0}")
  @ValueSource(strings = {"on", "off"})
  void requestsAreRefusedFastWhileTheDatabaseIsDownAndAnOrderResentByKeyIsPlacedOnce(
      String groupCommit) throws Exception {
    List<LogRecord> severe = new CopyOnWriteArrayList<>();
    Handler capture = severeInto(severe);
    Logger root = Logger.getLogger("");
    try (TestDatabase db = TestDatabase.create();
        CuttableProxy proxy = new CuttableProxy(5432)) {
      String viaProxy = db.url().replace(":5432/", ":" + proxy.port() + "/");
      TestServer server =
          TestServer.startOn(
              db,
              Map.of("ORDERSYNC_DB_URL", viaProxy, "ORDERSYNC_GROUP_COMMIT", groupCommit),
              OrderSyncServer.Limits.none());
      root.addHandler(capture);
      try {
        Api api = server.api();
        Scenario scenario = new Scenario(api);
        Scenario.Owner owner = scenario.anOwnerWithARestaurant("Outage Kitchen");
        String item = scenario.anItem(owner, "Bibimbap", 9_000, null);
        String order = Scenario.orderBody(owner.restaurantId(), item, 1);
        String key = "outage-" + UUID.randomUUID();
        String login =
            "{\"email\":\"" + owner.email() + "\",\"password\":\"correct horse battery\"}";

        proxy.cut();
        for (int round = 0; round < 3; round++) {
          refusedFast("order", () -> api.post("/api/v1/orders", order, null, key));
          refusedFast("board", () -> api.get("/api/v1/restaurants/me/orders", owner.token()));
          refusedFast("login", () -> api.post("/api/v1/auth/login", login, null));
        }

        proxy.restore();
        long restored = System.nanoTime();
        Api.Response placed = api.post("/api/v1/orders", order, null, key);
        while (placed.status() == 503
            && System.nanoTime() - restored < TimeUnit.MILLISECONDS.toNanos(RECOVERY_MILLIS)) {
          Thread.sleep(20);
          placed = api.post("/api/v1/orders", order, null, key);
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored);
        assertEquals(201, placed.status(), placed::toString);
        assertTrue(took < RECOVERY_MILLIS, "an order went through " + took + " ms after restore");
        System.out.println("first order after the database returned: " + took + " ms");

        Api.Response again = api.post("/api/v1/orders", order, null, key);
        assertEquals(placed.text("id"), again.text("id"), again::toString);
        assertEquals(1, ordersOf(db, owner.restaurantId()), "one order for one key");
        assertEquals(200, api.get("/api/v1/restaurants/me/orders", owner.token()).status());
        assertEquals(200, api.post("/api/v1/auth/login", login, null).status());
      } finally {
        root.removeHandler(capture);
        server.stopServerOnly();
      }
    }
    assertTrue(
        severe.isEmpty(), () -> "SEVERE during the outage: " + severe.getFirst().getMessage());
  }

  /**
   * Orders in flight when the database goes away, some of them at their COMMIT: each is answered
   * 201 or 503 with Retry-After, never 500; once it is back, every key resent until it is placed
   * makes exactly one order.
   */
  @ParameterizedTest(name = "group commit {0}")
  @ValueSource(strings = {"on", "off"})
  void ordersInFlightWhenTheDatabaseGoesAwayGet503NotA500AndEachKeyMakesOneOrder(String groupCommit)
      throws Exception {
    try (TestDatabase db = TestDatabase.create();
        CuttableProxy proxy = new CuttableProxy(5432)) {
      String viaProxy = db.url().replace(":5432/", ":" + proxy.port() + "/");
      TestServer server =
          TestServer.startOn(
              db,
              Map.of("ORDERSYNC_DB_URL", viaProxy, "ORDERSYNC_GROUP_COMMIT", groupCommit),
              OrderSyncServer.Limits.none());
      try {
        Api api = server.api();
        Scenario scenario = new Scenario(api);
        Scenario.Owner owner = scenario.anOwnerWithARestaurant("Busy Kitchen");
        String order =
            Scenario.orderBody(
                owner.restaurantId(), scenario.anItem(owner, "Gimbap", 4_000, null), 1);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        AtomicBoolean placing = new AtomicBoolean(true);
        List<LogRecord> traces = new CopyOnWriteArrayList<>();
        Handler capture = tracesInto(traces);
        Logger.getLogger("").addHandler(capture);
        List<java.util.concurrent.Future<Void>> placed = new java.util.ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < 8; i++) {
            placed.add(
                clients.submit(
                    () -> {
                      while (placing.get()) {
                        String key = "inflight-" + UUID.randomUUID();
                        Api.Response r = api.post("/api/v1/orders", order, null, key);
                        answers.put(key, r.status());
                        assertTrue(
                            r.status() == 201
                                || r.status() == 503 && r.header("Retry-After") != null,
                            r::toString);
                      }
                      return null;
                    }));
          }
          Thread.sleep(1_500);
          proxy.cut();
          Thread.sleep(1_500);
          proxy.restore();
          Thread.sleep(500);
          placing.set(false);
        } finally {
          Logger.getLogger("").removeHandler(capture);
        }
        // The outage is logged as lines, not as a stack trace per request or per background round
        // (the audit sealer, which retries every fraction of a second, wrote one each time). The
        // pool's own line for each connection it finds broken has a trace: at most one per pooled
        // connection, so it is not counted.
        traces.removeIf(r -> r.getLoggerName().startsWith("com.zaxxer.hikari"));
        assertTrue(
            traces.size() <= 3,
            () ->
                traces.size()
                    + " stack traces logged during the outage, the first: "
                    + traces.getFirst().getLoggerName()
                    + " "
                    + traces.getFirst().getMessage());
        for (java.util.concurrent.Future<Void> f : placed) {
          f.get(); // an answer other than 201 or 503 with Retry-After fails here
        }
        long refused = answers.values().stream().filter(s -> s == 503).count();
        System.out.println(
            "in flight: " + answers.size() + " orders, " + refused + " answered 503");
        assertTrue(refused > 0, "the cut came while orders were placed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Map.Entry<String, Integer> a : answers.entrySet()) {
          if (a.getValue() != 201) {
            Api.Response again = api.post("/api/v1/orders", order, null, a.getKey());
            while (again.status() == 503 && System.nanoTime() < deadline) {
              Thread.sleep(100); // as a client honouring Retry-After would, only sooner
              again = api.post("/api/v1/orders", order, null, a.getKey());
            }
            assertEquals(201, again.status(), again::toString);
          }
        }
        assertEquals(answers.size(), ordersOf(db, owner.restaurantId()), "one order per key");
      } finally {
        server.stopServerOnly();
      }
    }
  }

  private static void refusedFast(String what, Supplier<Api.Response> request) {
    long started = System.nanoTime();
    Api.Response r = request.get();
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(503, r.status(), () -> what + ": " + r);
    assertEquals("service_unavailable", r.code(), () -> what + ": " + r);
    assertTrue(
        r.header("Content-Type").startsWith("application/problem+json"), () -> what + ": " + r);
    assertNotNull(r.header("Retry-After"), () -> what + " has no Retry-After");
    assertTrue(took < FAST_MILLIS, what + " refused in " + took + " ms");
    System.out.println(what + " refused in " + took + " ms");
  }

  private static long ordersOf(TestDatabase db, String restaurantId) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM orders WHERE restaurant_id = '" + restaurantId + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Handler tracesInto(List<LogRecord> traces) {
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null) {
          traces.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  private static Handler severeInto(List<LogRecord> severe) {
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
          severe.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
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
