package dev.ordersync.bench;

import dev.ordersync.bench.AuthBench.Options;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three instances behind nginx (ops/run-three.sh), loaded through nginx: resending order clients
 * ({@link ResendingClients}: Idempotency-Key, resend while the outcome is unknown), readers of the
 * public menu (no retry of their own: nginx retries idempotent requests), and live feed sockets
 * that reconnect through nginx and resume with {@code last_event_id} whenever they are closed. In
 * turn: a spread phase (per-instance counts from each instance's metrics), one instance killed with
 * SIGKILL and started again, and a rolling restart of all three (SIGTERM, drained, one at a time).
 * Checks: every acknowledged order is in the database, every socket saw every order created for its
 * restaurant exactly once, and no client saw a failure it could not retry. A failed check exits 3.
 *
 * <pre>
 * java -jar ordersync-bench.jar scale-out --base http://127.0.0.1:18080 --db-url JDBC_URL
 *      --control ops/run-three.sh --management 18082,18084,18086 [--restaurants 4] [--items 6]
 *      [--clients 8] [--readers 4] [--sockets-per-restaurant 3] [--load-seconds 15] [--out FILE]
 * </pre>
 */
final class ScaleOutBench {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern EVENT_ID = Pattern.compile("\"event_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");

  private final Options options;
  private final String base;
  private final List<Integer> management = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private final List<String> failures = new ArrayList<>();
  private volatile String phase = "setup";
  private final Map<String, Map<String, LongAdder>> readResults = new ConcurrentHashMap<>();
  private volatile boolean reading = true;

  private ScaleOutBench(Options options) {
    this.options = options;
    this.base = options.string("base", "http://127.0.0.1:18080").replaceAll("/+$", "");
    for (String p : options.string("management", "18082,18084,18086").split(",")) {
      management.add(Integer.parseInt(p.strip()));
    }
  }

  static int run(Options options) throws Exception {
    return new ScaleOutBench(options).run();
  }

  private int run() throws Exception {
    OrderBench orders = new OrderBench(options);
    orders.seed(options.integer("restaurants", 4), options.integer("items", 6));
    List<Feed> feeds = new ArrayList<>();
    int perRestaurant = options.integer("sockets-per-restaurant", 3);
    for (OrderBench.Restaurant r : orders.restaurants()) {
      for (int i = 0; i < perRestaurant; i++) {
        feeds.add(new Feed(r));
      }
    }
    for (Feed f : feeds) {
      f.awaitSnapshot();
    }
    Map<Integer, Map<String, Double>> atStart = scrapeAll();
    line(
        "sockets open through nginx: %d; per instance (ordersync_ws_open): %s",
        feeds.size(), perInstance(atStart, "ordersync_ws_open", null));

    ResendingClients clients =
        new ResendingClients(orders, options.integer("clients", 8), Duration.ofSeconds(120));
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < options.integer("readers", 4); i++) {
      readers.add(Thread.ofVirtual().start(() -> read(orders)));
    }
    long loadMs = options.integer("load-seconds", 15) * 1000L;
    long t0 = System.nanoTime();

    // 1. Spread: orders, reads and sockets over the three.
    phase = "spread";
    Map<String, Long> errorsBefore = clients.errors();
    clients.start();
    Thread.sleep(loadMs);
    Map<Integer, Map<String, Double>> afterSpread = scrapeAll();
    section("spread (" + loadMs / 1000 + " s)", clients, errorsBefore);
    line(
        "orders placed per instance (ordersync_orders_placed_total): %s",
        perInstanceDelta(atStart, afterSpread, "ordersync_orders_placed_total", null));
    line(
        "menu reads per instance (http_server_request_duration_seconds_count, menu route): %s",
        perInstanceDelta(
            atStart, afterSpread, "http_server_request_duration_seconds_count", "/menu"));
    line(
        "live messages written per instance (ordersync_ws_messages_sent_total): %s",
        perInstanceDelta(atStart, afterSpread, "ordersync_ws_messages_sent_total", null));
    line(
        "sockets open per instance (ordersync_ws_open): %s",
        perInstance(afterSpread, "ordersync_ws_open", null));

    // 2. One instance killed with SIGKILL under load, then started again.
    phase = "kill9";
    errorsBefore = clients.errors();
    int reconnectsBefore = reconnects(feeds);
    ResendingClients.Fault kill = clients.fault();
    control("kill9", "2");
    Thread.sleep(loadMs);
    long startMs = timed(() -> control("start-one", "2"));
    kill.over();
    section("kill9 of instance 2, then started again in " + startMs + " ms", clients, errorsBefore);
    line(
        "sockets that reconnected through nginx and resumed: %d (close codes seen: %s)",
        reconnects(feeds) - reconnectsBefore, closeCodes(feeds));
    line("first acknowledged order after the kill: %d ms", kill.windowMs());

    // 3. Rolling restart: SIGTERM, drained, started, ready; one at a time.
    phase = "rolling";
    errorsBefore = clients.errors();
    reconnectsBefore = reconnects(feeds);
    List<Long> restarts = new ArrayList<>();
    for (String n : List.of("1", "2", "3")) {
      restarts.add(timed(() -> control("restart", n)));
      Thread.sleep(2_000);
    }
    section(
        "rolling restart of 1, 2, 3 (each " + restarts + " ms to drain, start and be ready)",
        clients,
        errorsBefore);
    line(
        "sockets that reconnected and resumed: %d (close codes seen: %s)",
        reconnects(feeds) - reconnectsBefore, closeCodes(feeds));

    // The end: every client finishes its order; the sockets catch up; the checks.
    phase = "end";
    int stuck = clients.stop();
    reading = false;
    for (Thread t : readers) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Thread.sleep(3_000);
    List<ResendingClients.Acked> acked = clients.acked();
    long found = ordersFound(acked.stream().map(ResendingClients.Acked::id).toList());
    line("");
    line("== totals over %.0f s", seconds);
    line(
        "orders acknowledged: %d (%.1f/s), in the database: %d, lost: %d; replayed answers: %d;"
            + " unresolved: %d; refused: %d; 5xx other than 503: %d; clients stuck: %d",
        acked.size(),
        acked.size() / seconds,
        found,
        acked.size() - found,
        clients.replayed(),
        clients.unresolved(),
        clients.refused(),
        clients.serverErrors(),
        stuck);
    line("client errors resent, whole run: %s", clients.errors());
    line("menu reads by phase and result: %s", readResults);
    if (found != acked.size()) {
      failures.add((acked.size() - found) + " acknowledged orders are not in the database");
    }
    if (clients.unresolved() + clients.refused() + clients.serverErrors() + stuck > 0) {
      failures.add("orders failed for clients that resend per the API's rules");
    }
    readResults.forEach(
        (p, results) ->
            results.forEach(
                (result, n) -> {
                  if (!result.equals("200")) {
                    failures.add(n.sum() + " menu reads answered " + result + " in phase " + p);
                  }
                }));
    checkFeeds(feeds, acked, orders);
    for (Feed f : feeds) {
      f.close();
    }
    line("load average at the end: %s", Files.readString(Path.of("/proc/loadavg")).strip());
    line("check: %s", failures.isEmpty() ? "passed" : "FAILED " + failures);
    String out = options.string("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), report.toString());
    }
    return failures.isEmpty() ? 0 : 3;
  }

  private void checkFeeds(List<Feed> feeds, List<ResendingClients.Acked> acked, OrderBench orders)
      throws Exception {
    Map<String, String> restaurantOf = restaurantsOf(acked);
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    for (OrderBench.Restaurant r : orders.restaurants()) {
      expected.put(r.id(), new HashSet<>());
    }
    restaurantOf.forEach((order, restaurant) -> expected.get(restaurant).add(order));
    long missed = 0;
    long duplicates = 0;
    long reloads = 0;
    long delivered = 0;
    for (Feed f : feeds) {
      Set<String> want = expected.get(f.restaurant.id());
      for (String id : want) {
        if (!f.created.contains(id)) {
          missed++;
        }
      }
      delivered += f.created.size();
      duplicates += f.duplicates.get();
      reloads += f.reloads.get();
    }
    line(
        "live: %d sockets, %d order.created messages received in all; missed: %d; sent twice:"
            + " %d; reloads (resume impossible): %d",
        feeds.size(), delivered, missed, duplicates, reloads);
    if (missed + duplicates + reloads > 0) {
      failures.add(
          "live sockets missed " + missed + ", got twice " + duplicates + ", reloaded " + reloads);
    }
  }

  // ----- load

  private void read(OrderBench orders) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<OrderBench.Restaurant> rs = orders.restaurants();
    while (reading) {
      if (phase.equals("setup")) {
        sleep(50);
        continue;
      }
      OrderBench.Restaurant r = rs.get(ThreadLocalRandom.current().nextInt(rs.size()));
      String result;
      try {
        result =
            String.valueOf(
                http.send(
                        HttpRequest.newBuilder(
                                URI.create(base + "/api/v1/restaurants/" + r.id() + "/menu"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode());
      } catch (IOException e) {
        result = "I/O " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        return;
      }
      readResults
          .computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
          .computeIfAbsent(result, k -> new LongAdder())
          .increment();
      sleep(20);
    }
  }

  /** A restaurant's feed through nginx that reconnects with last_event_id whenever it closes. */
  private final class Feed implements WebSocket.Listener {
    final OrderBench.Restaurant restaurant;
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> events = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger reloads = new AtomicInteger();
    final AtomicInteger reconnects = new AtomicInteger();
    final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private final java.util.concurrent.CountDownLatch snapshot =
        new java.util.concurrent.CountDownLatch(1);
    private volatile String lastEventId;
    private volatile WebSocket socket;
    private volatile boolean closing;

    Feed(OrderBench.Restaurant restaurant) {
      this.restaurant = restaurant;
      connect();
    }

    void awaitSnapshot() throws InterruptedException {
      if (!snapshot.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no snapshot on a feed socket in 30 s");
      }
    }

    private void connect() {
      String uri =
          base.replaceFirst("^http", "ws")
              + "/ws/restaurants/me/orders?access_token="
              + restaurant.token()
              + (lastEventId == null ? "" : "&last_event_id=" + lastEventId);
      // A client of its own per connection: a new TCP connection that nginx balances anew.
      HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create(uri), this)
          .whenComplete(
              (ws, error) -> {
                if (error != null) {
                  again();
                } else {
                  socket = ws;
                }
              });
    }

    private void again() {
      if (closing) {
        return;
      }
      reconnects.incrementAndGet();
      Thread.ofVirtual()
          .start(
              () -> {
                sleep(100 + ThreadLocalRandom.current().nextInt(200));
                connect();
              });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String m = text.toString();
        text.setLength(0);
        Matcher type = TYPE.matcher(m);
        String t = type.find() ? type.group(1) : "";
        Matcher event = EVENT_ID.matcher(m);
        if (event.find()) {
          String id = event.group(1);
          if (!events.add(id)) {
            duplicates.incrementAndGet();
          }
          lastEventId = id;
        }
        switch (t) {
          case "snapshot" -> snapshot.countDown();
          case "reload" -> reloads.incrementAndGet();
          case "order.created" -> {
            Matcher u = UUID.matcher(m);
            while (u.find()) {
              created.add(u.group());
            }
          }
          default -> {}
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closes.computeIfAbsent(statusCode, k -> new LongAdder()).increment();
      again();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closes.computeIfAbsent(1006, k -> new LongAdder()).increment();
      again();
    }

    void close() {
      closing = true;
      WebSocket s = socket;
      if (s != null) {
        s.abort();
      }
    }
  }

  // ----- the deployment and its metrics

  private void control(String... args) {
    List<String> command = new ArrayList<>();
    command.add(options.string("control", "ops/run-three.sh"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int rc = p.waitFor();
      line("  [%s] %s%s", phase, String.join(" ", args) + ": ", out.strip().replace("\n", "; "));
      if (rc != 0) {
        failures.add(String.join(" ", command) + " exited " + rc);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<Integer, Map<String, Double>> scrapeAll() {
    Map<Integer, Map<String, Double>> all = new TreeMap<>();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < management.size(); i++) {
      Map<String, Double> m = new LinkedHashMap<>();
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + management.get(i) + "/observe/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        for (String l : body.split("\n")) {
          if (l.startsWith("#") || l.isBlank()) {
            continue;
          }
          int sp = l.lastIndexOf(' ');
          try {
            m.put(l.substring(0, sp), Double.parseDouble(l.substring(sp + 1)));
          } catch (NumberFormatException e) {
            // not a sample
          }
        }
      } catch (IOException e) {
        // the instance is down: no figures
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      all.put(i + 1, m);
    }
    return all;
  }

  private static double sum(Map<String, Double> m, String name, String contains) {
    double s = 0;
    for (var e : m.entrySet()) {
      String k = e.getKey();
      if ((k.equals(name) || k.startsWith(name + "{"))
          && (contains == null || k.contains(contains))) {
        s += e.getValue();
      }
    }
    return s;
  }

  private static String perInstance(
      Map<Integer, Map<String, Double>> at, String name, String contains) {
    List<String> parts = new ArrayList<>();
    at.forEach((n, m) -> parts.add("#" + n + " " + Math.round(sum(m, name, contains))));
    return String.join(", ", parts);
  }

  private static String perInstanceDelta(
      Map<Integer, Map<String, Double>> from,
      Map<Integer, Map<String, Double>> to,
      String name,
      String contains) {
    List<String> parts = new ArrayList<>();
    to.forEach(
        (n, m) ->
            parts.add(
                "#"
                    + n
                    + " "
                    + Math.round(sum(m, name, contains) - sum(from.get(n), name, contains))));
    return String.join(", ", parts);
  }

  private void section(String title, ResendingClients clients, Map<String, Long> errorsBefore) {
    Map<String, Long> now = clients.errors();
    Map<String, Long> delta = new TreeMap<>();
    now.forEach(
        (k, v) -> {
          long d = v - errorsBefore.getOrDefault(k, 0L);
          if (d > 0) {
            delta.put(k, d);
          }
        });
    line(
        "== %s: acknowledged so far %d; client errors resent in this phase: %s",
        title, clients.acked().size(), delta.isEmpty() ? "none" : delta);
  }

  private static int reconnects(List<Feed> feeds) {
    return feeds.stream().mapToInt(f -> f.reconnects.get()).sum();
  }

  private static Map<Integer, Long> closeCodes(List<Feed> feeds) {
    Map<Integer, Long> m = new TreeMap<>();
    for (Feed f : feeds) {
      f.closes.forEach((k, v) -> m.merge(k, v.sum(), Long::sum));
    }
    return m;
  }

  private Map<String, String> restaurantsOf(List<ResendingClients.Acked> acked) throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                options.string("db-url", null),
                options.string("db-user", "postgres"),
                options.string("db-password", null));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id::text, restaurant_id::text FROM orders WHERE id = ANY (?)")) {
      ps.setArray(
          1,
          c.createArrayOf(
              "uuid", acked.stream().map(ResendingClients.Acked::id).toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return m;
  }

  private long ordersFound(List<String> ids) throws Exception {
    return restaurantsOf(ids.stream().map(id -> new ResendingClients.Acked(null, id)).toList())
        .size();
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    synchronized (report) {
      report.append(s).append('\n');
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
