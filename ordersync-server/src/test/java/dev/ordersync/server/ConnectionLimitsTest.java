package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of raw connections that send nothing, half a request, an idle keep-alive, a body byte
 * by byte or half a WebSocket upgrade: the server keeps answering while they are held, cuts each
 * after its timeout without a warning in the log, refuses what one address opens beyond its cap,
 * and its count of open connections returns to zero. (The 20,000-connection form is
 * bench/connections.sh: here the client sockets share the test JVM's file limit.)
 */
class ConnectionLimitsTest {
  static final Duration TIMEOUT = Duration.ofSeconds(6);
  static final int PER_ADDRESS = 300;

  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
          Map.of(
              "ORDERSYNC_HEADER_TIMEOUT", TIMEOUT.toString(),
              "ORDERSYNC_BODY_TIMEOUT", TIMEOUT.toString(),
              "ORDERSYNC_IDLE_TIMEOUT", TIMEOUT.toString(),
              "ORDERSYNC_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(PER_ADDRESS)));

  /** What a raw connection sends, right after it connects. */
  enum Kind {
    SILENT(""),
    HALF_REQUEST_LINE("GET /api/v1/restau"),
    HALF_HEADERS("GET /observe/health HTTP/1.1\r\nHost: x\r\nAccept: appl"),
    IDLE_KEEP_ALIVE("GET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n"),
    TRICKLED_BODY(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2000\r\n\r\n{"),
    STALLED_WS_UPGRADE(
        "GET /ws/restaurants/me/orders HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-K");

    final byte[] bytes;

    Kind(String text) {
      this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  final List<LogRecord> complaints = new CopyOnWriteArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null) {
            complaints.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  final Logger root = Logger.getLogger("");

  @BeforeEach
  void captureLogs() {
    root.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    root.removeHandler(capture);
  }

  @Test
  void thousandsOfIdleAndSlowConnectionsLeaveTheServerAnsweringAndAreCutOnTime() throws Exception {
    Scenario.Owner owner = server.scenario().anOwnerWithARestaurant("Slow Loris Grill");
    String menu = "/api/v1/restaurants/" + owner.restaurantId() + "/menu";
    assertEquals(200, server.api().get(menu, null).status());
    long droppedBefore = dropped("header_timeout") + dropped("body_timeout");
    long idleBefore = dropped("idle_timeout");

    try (RawConnections raw = new RawConnections(server.port())) {
      int perKind = 420;
      long openingStarted = System.nanoTime();
      for (int i = 0; i < perKind; i++) {
        for (Kind kind : Kind.values()) {
          raw.open(kind, "127.0.0." + (2 + i % 10));
        }
      }
      int held = perKind * Kind.values().length;
      long openingMillis = (System.nanoTime() - openingStarted) / 1_000_000;
      awaitOpen(held, Duration.ofSeconds(5));

      long healthMillis = timed(() -> assertEquals(200, get("/observe/health")));
      long apiMillis = timed(() -> assertEquals(200, get(menu)));
      System.out.printf(
          "opened %d raw connections in %d ms; with %d held: health %d ms, menu %d ms%n",
          held, openingMillis, EdgeMetrics.open(), healthMillis, apiMillis);
      assertTrue(healthMillis < 5_000, "health took " + healthMillis + " ms");
      assertTrue(apiMillis < 5_000, "the menu took " + apiMillis + " ms");

      raw.awaitAllClosed(TIMEOUT.multipliedBy(4));
      Map<Kind, List<Long>> lifetimes = raw.lifetimesMillis();
      System.out.println("lifetimes (min..max ms) by kind: " + summary(lifetimes));
      for (Kind kind : Kind.values()) {
        List<Long> ms = lifetimes.get(kind);
        assertEquals(perKind, ms.size(), kind + " all closed by the server");
        long min = ms.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = ms.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(min >= TIMEOUT.toMillis() - 500, kind + " closed early: " + min + " ms");
        assertTrue(max <= TIMEOUT.toMillis() + 15_000, kind + " closed late: " + max + " ms");
      }
      assertTrue(raw.answered(Kind.IDLE_KEEP_ALIVE) == perKind, "the keep-alive ones got answers");
    }
    assertTrue(
        dropped("header_timeout") + dropped("body_timeout") - droppedBefore
            >= 5L * 420 - 5, // every kind but the idle keep-alive
        "cut for header and body timeouts");
    assertTrue(dropped("idle_timeout") - idleBefore >= 420, "cut for the idle timeout");

    assertEquals(200, get("/observe/health"), "still answering after they are gone");
    awaitZeroOpen(TIMEOUT.multipliedBy(3));
    assertEquals(List.of(), messages(), "no warnings or stack traces from cut connections");
  }

  @Test
  void oneAddressCannotHoldMoreThanItsCap() throws Exception {
    long refusedBefore = dropped("limit_address");
    try (RawConnections raw = new RawConnections(server.port())) {
      for (int i = 0; i < PER_ADDRESS + 20; i++) {
        raw.open(Kind.SILENT, "127.0.0.50");
      }
      Thread.sleep(1_500);
      // Another address is still welcome.
      raw.open(Kind.SILENT, "127.0.0.51");
      Thread.sleep(500);
      assertEquals(20, raw.closedCount(), "refused beyond the cap of " + PER_ADDRESS);
      assertEquals(20, dropped("limit_address") - refusedBefore);
      assertEquals(200, get("/observe/health"));
    }
    awaitZeroOpen(TIMEOUT.multipliedBy(3));
    assertEquals(List.of(), messages());
  }

  @Test
  void clientsThatHangUpInTheMiddleOfTheirHeadersLeaveNoStackTraces() throws Exception {
    try (RawConnections raw = new RawConnections(server.port())) {
      for (int i = 0; i < 100; i++) {
        raw.open(i % 2 == 0 ? Kind.HALF_HEADERS : Kind.STALLED_WS_UPGRADE, "127.0.0.60");
      }
      awaitOpen(100, Duration.ofSeconds(5));
    }
    awaitZeroOpen(TIMEOUT.multipliedBy(3));
    assertEquals(List.of(), messages(), "hung-up clients are counted, not traced");
  }

  private List<String> messages() {
    return complaints.stream()
        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage())
        .toList();
  }

  private static int get(String path) {
    return server.api().get(path, null).status();
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static long dropped(String reason) {
    return (long)
        io.helidon.service.registry.Services.get(io.helidon.metrics.api.MeterRegistry.class)
            .counter(
                "ordersync.connections.dropped",
                List.of(io.helidon.metrics.api.Tag.create("reason", reason)))
            .map(c -> c.count())
            .orElse(0L);
  }

  /** Waits for the server to have accepted at least {@code n} connections. */
  private static void awaitOpen(int n, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (EdgeMetrics.open() < n && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertTrue(EdgeMetrics.open() >= n, "held: " + EdgeMetrics.open() + " of " + n);
  }

  /**
   * Waits for the open-connections gauge to reach 0 (the test client's own idle one is cut too).
   */
  private static void awaitZeroOpen(Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (EdgeMetrics.open() != 0 && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertEquals(0, EdgeMetrics.open(), "open connections after all are gone");
  }

  private static String summary(Map<Kind, List<Long>> lifetimes) {
    return lifetimes.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + e.getValue().stream().mapToLong(Long::longValue).min().orElse(-1)
                    + ".."
                    + e.getValue().stream().mapToLong(Long::longValue).max().orElse(-1))
        .collect(Collectors.joining(", "));
  }

  /**
   * Raw client connections on one selector thread: each sends its kind's bytes, then waits; the
   * trickled ones send one more byte every half second. Records when the server closed each.
   */
  static final class RawConnections implements AutoCloseable {
    private final InetSocketAddress target;
    private final Selector selector = Selector.open();
    private final List<Conn> all = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Conn> toRegister = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean running = true;

    RawConnections(int port) throws IOException {
      this.target = new InetSocketAddress("127.0.0.1", port);
      this.loop = Thread.ofPlatform().daemon().name("raw-connections").start(this::run);
    }

    void open(Kind kind, String from) throws IOException {
      SocketChannel ch = SocketChannel.open();
      ch.bind(new InetSocketAddress(from, 0));
      ch.connect(target);
      Conn c = new Conn(kind, ch, System.nanoTime());
      if (kind.bytes.length > 0) {
        ch.write(ByteBuffer.wrap(kind.bytes));
      }
      ch.configureBlocking(false);
      all.add(c);
      toRegister.add(c);
      selector.wakeup();
    }

    int closedCount() {
      return (int) all.stream().filter(c -> c.closedAt != 0).count();
    }

    int answered(Kind kind) {
      return (int) all.stream().filter(c -> c.kind == kind && c.received > 0).count();
    }

    void awaitAllClosed(Duration within) throws InterruptedException {
      long end = System.nanoTime() + within.toNanos();
      while (closedCount() < all.size() && System.nanoTime() < end) {
        Thread.sleep(200);
      }
    }

    Map<Kind, List<Long>> lifetimesMillis() {
      Map<Kind, List<Long>> m = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        m.put(k, new ArrayList<>());
      }
      for (Conn c : all) {
        if (c.closedAt != 0) {
          m.get(c.kind).add((c.closedAt - c.openedAt) / 1_000_000);
        }
      }
      return m;
    }

    private void run() {
      ByteBuffer buf = ByteBuffer.allocate(8192);
      ByteBuffer one = ByteBuffer.allocate(1);
      long nextTrickle = System.nanoTime();
      try {
        while (running) {
          for (Conn c; (c = toRegister.poll()) != null; ) {
            c.channel.register(selector, SelectionKey.OP_READ, c);
          }
          selector.select(100);
          for (SelectionKey key : selector.selectedKeys()) {
            read((Conn) key.attachment(), key, buf);
          }
          selector.selectedKeys().clear();
          if (System.nanoTime() - nextTrickle > 0) {
            nextTrickle = System.nanoTime() + 500_000_000L;
            for (Conn c : all) {
              if (c.kind == Kind.TRICKLED_BODY && c.closedAt == 0) {
                try {
                  c.channel.write(one.clear().put((byte) ' ').flip());
                } catch (IOException e) {
                  // closed by the server: the reader records when
                }
              }
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static void read(Conn c, SelectionKey key, ByteBuffer buf) {
      int n;
      try {
        n = c.channel.read(buf.clear());
      } catch (IOException e) {
        n = -1;
      }
      if (n < 0) {
        c.closedAt = System.nanoTime();
        key.cancel();
      } else {
        c.received += n;
      }
    }

    @Override
    public void close() throws IOException {
      running = false;
      try {
        loop.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Conn c : all) {
        c.channel.close();
      }
      selector.close();
    }

    private static final class Conn {
      final Kind kind;
      final SocketChannel channel;
      final long openedAt;
      volatile long closedAt;
      volatile long received;

      Conn(Kind kind, SocketChannel channel, long openedAt) {
        this.kind = kind;
        this.channel = channel;
        this.openedAt = openedAt;
      }
    }
  }
}
