package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server process sent a real SIGTERM while orders are being placed, a slow request is in flight
 * and live sockets are open (decision 0049-deploy): readiness answers 503 before the listener stops
 * accepting, the request in flight is answered 201, every socket is closed with 1001 and its reason
 * tells the client to resume, the process exits with status 0 within ORDERSYNC_DRAIN_TIMEOUT, and
 * every order answered 201 is in the database.
 */
class DrainOnSigtermTest {
  private static final Pattern RUNNING = Pattern.compile("running on http://localhost:(\\d+)");
  private static final Duration DELAY = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  @Test
  void sigtermDrainsInOrderAndExitsZero() throws Exception {
    Path dataDir = Files.createTempDirectory("ordersync-drain");
    Path log = Files.createTempFile("ordersync-drain", ".log");
    Process child = null;
    try (TestDatabase db = TestDatabase.create()) {
      child = startChild(db, dataDir, log);
      int port = portOf(child, log);
      String base = "http://127.0.0.1:" + port;
      Api api = new Api(base);
      Scenario scenario = new Scenario(api);
      Scenario.Owner owner = scenario.anOwnerWithARestaurant("Drain Kitchen");
      String item = scenario.anItem(owner, "Bibimbap", 9000, null);
      String body = Scenario.orderBody(owner.restaurantId(), item, 1);

      List<LiveClient> sockets = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        LiveClient s =
            LiveClient.connectWithHeader(port, "/ws/restaurants/me/orders", owner.token());
        assertEquals("snapshot", s.next().path("type").asText());
        sockets.add(s);
      }

      // Readiness and the listener, watched every 20 ms from the moment of the signal.
      AtomicLong readyDownAt = new AtomicLong();
      AtomicLong listenerClosedAt = new AtomicLong();
      AtomicBoolean watching = new AtomicBoolean(true);
      HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      Thread watcher =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (watching.get()) {
                      long now = System.nanoTime();
                      if (listenerClosedAt.get() == 0 && !accepts(port)) {
                        listenerClosedAt.compareAndSet(0, now);
                      }
                      if (readyDownAt.get() == 0 && listenerClosedAt.get() == 0) {
                        try {
                          int status =
                              probes
                                  .send(
                                      HttpRequest.newBuilder(
                                              URI.create(base + "/observe/health/ready"))
                                          .build(),
                                      HttpResponse.BodyHandlers.discarding())
                                  .statusCode();
                          if (status == 503) {
                            readyDownAt.compareAndSet(0, now);
                          }
                        } catch (IOException e) {
                          // the listener closed between the two looks; the next turn records it
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });

      // Orders placed without pause by four clients, each with an Idempotency-Key.
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      List<String> refusals = new CopyOnWriteArrayList<>();
      AtomicBoolean placing = new AtomicBoolean(true);
      List<Thread> placers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Api own = new Api(base);
        placers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      while (placing.get()) {
                        try {
                          Api.Response r =
                              own.post("/api/v1/orders", body, null, UUID.randomUUID().toString());
                          if (r.status() == 201) {
                            acknowledged.add(r.text("id"));
                          } else {
                            refusals.add(r.status() + " " + r.json());
                          }
                        } catch (RuntimeException e) {
                          // connection refused or closed once the listener stopped: not answered,
                          // so nothing was acknowledged; a client retries elsewhere
                          if (!placing.get()) {
                            return;
                          }
                          try {
                            Thread.sleep(20);
                          } catch (InterruptedException ie) {
                            return;
                          }
                        }
                      }
                    }));
      }
      Thread.sleep(500);
      // A request whose body takes three seconds to arrive: still in flight when the listener
      // closes (one second after the signal).
      HttpClient slowClient = HttpClient.newHttpClient();
      String slowKey = UUID.randomUUID().toString();
      var slow =
          slowClient.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/orders"))
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", slowKey)
                  .header("Idempotency-Secret", api.idempotencySecret(slowKey))
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new SlowStream(body.getBytes(StandardCharsets.UTF_8), 3_000)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300);
      long signalled = System.nanoTime();
      child.destroy(); // SIGTERM
      assertTrue(
          child.waitFor(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS), "the process did not exit");
      long exited = System.nanoTime();
      placing.set(false);
      watching.set(false);
      watcher.join();
      for (Thread t : placers) {
        t.join();
      }

      assertEquals(0, child.exitValue(), () -> "exit status; log:\n" + tail(log));
      assertTrue(
          exited - signalled < TIMEOUT.toNanos(),
          "exited " + (exited - signalled) / 1_000_000 + " ms after the signal");
      assertNotEquals(0, readyDownAt.get(), "readiness never answered 503");
      assertNotEquals(0, listenerClosedAt.get(), "the listener never closed");
      assertTrue(
          readyDownAt.get() < listenerClosedAt.get(),
          "readiness went down before the listener closed");
      assertTrue(
          listenerClosedAt.get() - signalled >= DELAY.toNanos() * 9 / 10,
          "the listener kept accepting for the drain delay");

      HttpResponse<String> slowAnswer = slow.get(10, TimeUnit.SECONDS);
      assertEquals(201, slowAnswer.statusCode(), slowAnswer::body);
      acknowledged.add(Api.JSON.readTree(slowAnswer.body()).path("id").asText());

      for (LiveClient s : sockets) {
        assertEquals(1001, s.closeCode(5));
        s.close();
      }
      assertEquals(List.of(), refusals, "every answered order request was a 201");
      assertTrue(acknowledged.size() > 1, "orders were placed: " + acknowledged.size());
      assertEquals(acknowledged.size(), ordersIn(db, acknowledged), "acknowledged orders kept");
    } finally {
      if (child != null && child.isAlive()) {
        child.destroyForcibly();
      }
      TestServer.deleteTree(dataDir);
      Files.deleteIfExists(log);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static int ordersIn(TestDatabase db, Set<String> ids) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM orders WHERE id = ANY (?::uuid[])")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Process startChild(TestDatabase db, Path dataDir, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    env.put("ORDERSYNC_PORT", "0");
    env.put("ORDERSYNC_HOST", "127.0.0.1");
    env.put("ORDERSYNC_DATA_DIR", dataDir.toString());
    env.put("ORDERSYNC_DB_URL", db.url());
    env.put("ORDERSYNC_DB_USER", TestDatabase.USER);
    if (TestDatabase.PASSWORD != null) {
      env.put("ORDERSYNC_DB_PASSWORD", TestDatabase.PASSWORD);
    }
    env.put("ORDERSYNC_DB_POOL_SIZE", "8");
    env.put("ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY);
    env.put("ORDERSYNC_RATE_LIMITS", "off");
    env.put("ORDERSYNC_DRAIN_DELAY", "PT" + DELAY.toSeconds() + "S");
    env.put("ORDERSYNC_DRAIN_TIMEOUT", "PT" + TIMEOUT.toSeconds() + "S");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  private static int portOf(Process child, Path log) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < end) {
      Matcher m = RUNNING.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertTrue(child.isAlive(), () -> "the server process ended:\n" + tail(log));
      Thread.sleep(100);
    }
    throw new AssertionError("the server did not start:\n" + tail(log));
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.substring(Math.max(0, s.length() - 4000));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A body that arrives a byte at a time over {@code millis}. */
  private static final class SlowStream extends InputStream {
    private final byte[] bytes;
    private final long pause;
    private int at;

    SlowStream(byte[] bytes, long millis) {
      this.bytes = bytes.clone();
      this.pause = Math.max(1, millis / bytes.length);
    }

    @Override
    public int read() {
      if (at >= bytes.length) {
        return -1;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return bytes[at++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int c = read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }
}
