package dev.ordersync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The live-delivery benchmark: N WebSockets, each following one order on {@code
 * /ws/orders/{id}/status} (the JDK's non-blocking WebSocket client, not the project's), while a
 * steady, open-loop stream of status changes goes through the REST API. For every change it
 * measures the time from its COMMIT (the {@code committed_at} the server puts in live messages;
 * client and server share the machine's clock) to the event arriving at its socket, and for
 * comparison from sending the REST request and from receiving the REST answer. The server's own
 * meter {@code ordersync.ws.delivery} (COMMIT to written on the socket) is read from
 * /observe/metrics at the end. Server memory per socket is the growth of heap-after-full-GC and of
 * RSS while the sockets are opened.
 *
 * <pre>
 * java -jar bench/target/ordersync-bench.jar ws --base http://127.0.0.1:PORT [--sockets 10000] [--restaurants 20]
 *      [--rate 200] [--warmup 10] [--duration 60] [--clients 4] [--connect-parallelism 200] [--server-pid PID]
 *      [--out results.md]
 * </pre>
 */
final class WsBench {
  private static final String[] STEPS = {"accept", "start", "ready", "complete"};
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern ORDER_TOKEN =
      Pattern.compile("\"order_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final String base;
  private final int sockets;
  private final int restaurants;
  private final double rate;
  private final int warmup;
  private final int duration;
  private final int clients;
  private final int connectParallelism;
  private final long serverPid;
  private final Path out;
  private final HttpClient http =
      HttpClient.newBuilder()
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final List<String> ownerTokens = new ArrayList<>();
  private final List<String> items = new ArrayList<>();
  private String[] orderIds;
  private String[] orderTokens;
  private int[] orderRestaurant;
  private AtomicLongArray sentAt;
  private AtomicLongArray answeredAt;
  private AtomicIntegerArray lastSeq;
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder outOfOrder = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder beforeAnswer = new LongAdder();
  private final LongAdder restErrors = new LongAdder();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private volatile long measureFromIndex = Long.MAX_VALUE;
  private final Histogram fromCommit = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final Histogram fromSend = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final Histogram fromAnswer = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final Histogram rest = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

  private final String metrics;

  private WsBench(Map<String, String> o) {
    base = o.getOrDefault("base", "http://127.0.0.1:8080");
    // The server's metrics are on its management listener (bench/lib.sh: the next port).
    URI b = URI.create(base);
    metrics =
        o.getOrDefault(
            "metrics", "http://" + b.getHost() + ":" + (b.getPort() + 1) + "/observe/metrics");
    sockets = Integer.parseInt(o.getOrDefault("sockets", "10000"));
    restaurants = Integer.parseInt(o.getOrDefault("restaurants", "20"));
    rate = Double.parseDouble(o.getOrDefault("rate", "200"));
    warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
    duration = Integer.parseInt(o.getOrDefault("duration", "60"));
    clients = Integer.parseInt(o.getOrDefault("clients", "4"));
    connectParallelism = Integer.parseInt(o.getOrDefault("connect-parallelism", "200"));
    serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
    out = o.containsKey("out") ? Path.of(o.get("out")) : null;
  }

  static void run(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new WsBench(o).run();
  }

  private void run() throws Exception {
    long changes = Math.round(rate * (warmup + duration));
    if (changes > 4L * sockets) {
      throw new IllegalArgumentException(
          "at most 4 changes per order: raise --sockets or lower --rate/--duration");
    }
    log("setup: %d restaurants, %d orders", restaurants, sockets);
    for (int r = 0; r < restaurants; r++) {
      setUpRestaurant(r);
    }
    placeOrders();
    Memory before = memory();
    log(
        "server before connecting: heap after GC %.1f MiB, RSS %.1f MiB",
        before.heapMiB(), before.rssMiB());
    List<WebSocket> open = connect();
    Memory after = memory();
    if (out != null && serverPid > 0) {
      // What the sockets cost, by class: the top of the server's heap histogram with every socket
      // open.
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      String histogram = exec(jcmd, String.valueOf(serverPid), "GC.class_histogram");
      Files.writeString(out.resolveSibling("server-histogram.txt"), histogram);
    }
    double heapPer = (after.heapMiB() - before.heapMiB()) * 1024 * 1024 / sockets;
    double rssPer = (after.rssMiB() - before.rssMiB()) * 1024 * 1024 / sockets;
    log(
        "server with %d sockets: heap after GC %.1f MiB, RSS %.1f MiB: %.0f bytes heap and %.0f bytes RSS per socket",
        sockets, after.heapMiB(), after.rssMiB(), heapPer, rssPer);

    drive(changes);
    long expected = changes;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (received.sum() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    int missing = 0;
    for (int i = 0; i < sockets; i++) {
      int steps = (int) Math.min(4, Math.max(0, (changes - i + sockets - 1) / sockets));
      if (lastSeq.get(i) != 1 + steps) {
        missing++;
      }
    }
    String metrics = serverMetrics();
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "sockets %d (open at the end: %d), orders %d over %d restaurants, changes %d at %.0f/s (%d s warm-up, %d s measured)%n",
            sockets,
            sockets - closedEarly.get(),
            sockets,
            restaurants,
            changes,
            rate,
            warmup,
            duration));
    md.append(
        String.format(
            Locale.ROOT,
            "events received %d of %d; sockets whose last seq is not the expected one: %d; duplicates %d; out of order %d; "
                + "REST errors %d; events that arrived before their REST answer: %d%n",
            received.sum(),
            expected,
            missing,
            duplicates.sum(),
            outOfOrder.sum(),
            restErrors.sum(),
            beforeAnswer.sum()));
    md.append(
        "\n| measured (after warm-up) | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|---|---|\n");
    row(md, "COMMIT (the event's committed_at) -> event at the client", fromCommit);
    row(md, "REST request sent -> event at the client", fromSend);
    row(md, "REST answer received -> event at the client", fromAnswer);
    row(md, "REST change request (send -> answer)", rest);
    md.append(
        String.format(
            Locale.ROOT,
            "%nserver memory: heap after full GC %.1f -> %.1f MiB, RSS %.1f -> %.1f MiB: **%.1f KiB heap, %.1f KiB RSS per socket**%n",
            before.heapMiB(),
            after.heapMiB(),
            before.rssMiB(),
            after.rssMiB(),
            heapPer / 1024,
            rssPer / 1024));
    md.append("\nserver meters (whole run, warm-up included):\n```\n")
        .append(metrics)
        .append("```\n");
    System.out.println();
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md.toString());
    }
    for (WebSocket ws : open) {
      ws.abort();
    }
    System.exit(0);
  }

  private void row(StringBuilder md, String name, Histogram h) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
            name,
            h.getTotalCount(),
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(90) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getValueAtPercentile(99.9) / 1000.0,
            h.getMaxValue() / 1000.0));
  }

  private void setUpRestaurant(int r) throws Exception {
    String email = "bench-owner-" + r + "-" + UUID.randomUUID() + "@example.kr";
    call(
        "POST",
        "/api/v1/auth/register",
        "{\"email\":\""
            + email
            + "\",\"password\":\"correct horse battery\",\"name\":\"Bench Owner\","
            + "\"phone\":\"010-1234-5678\",\"role\":\"OWNER\"}",
        null,
        201);
    String login = "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}";
    String first = find(ACCESS_TOKEN, call("POST", "/api/v1/auth/login", login, null, 200));
    call(
        "POST",
        "/api/v1/restaurants",
        "{\"name\":\"Bench "
            + r
            + "\",\"business_number\":\"220-81-62517\",\"phone\":\"02-123-4567\",\"address\":\"Seoul\"}",
        first,
        201);
    String token = find(ACCESS_TOKEN, call("POST", "/api/v1/auth/login", login, null, 200));
    String item =
        find(
            ID,
            call(
                "POST",
                "/api/v1/restaurants/me/menu/items",
                "{\"name\":\"Gukbap\",\"price\":9000}",
                token,
                201));
    ownerTokens.add(token);
    items.add(item);
  }

  private void placeOrders() throws Exception {
    orderIds = new String[sockets];
    orderTokens = new String[sockets];
    orderRestaurant = new int[sockets];
    sentAt = new AtomicLongArray(sockets * 4);
    answeredAt = new AtomicLongArray(sockets * 4);
    lastSeq = new AtomicIntegerArray(sockets);
    Semaphore inFlight = new Semaphore(32);
    CountDownLatch done = new CountDownLatch(sockets);
    AtomicInteger failed = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = 0; i < sockets; i++) {
      int idx = i;
      int r = i % restaurants;
      orderRestaurant[i] = r;
      inFlight.acquire();
      String body =
          "{\"restaurant_id\":\""
              + restaurantId(r)
              + "\",\"items\":[{\"menu_item_id\":\""
              + items.get(r)
              + "\",\"quantity\":1}],\"customer\":{\"name\":\"Lee\",\"phone\":\"010-9876-5432\"},\"fulfillment\":\"TAKEOUT\"}";
      http.sendAsync(
              request("POST", "/api/v1/orders", body, null), HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (res, err) -> {
                inFlight.release();
                if (err != null || res.statusCode() != 201) {
                  failed.incrementAndGet();
                } else {
                  orderIds[idx] = find(ID, res.body());
                  orderTokens[idx] = find(ORDER_TOKEN, res.body());
                }
                done.countDown();
              });
    }
    done.await();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " orders could not be placed");
    }
    log("placed %d orders in %.1f s", sockets, (System.nanoTime() - t0) / 1e9);
  }

  private final Map<Integer, String> restaurantIds = new HashMap<>();

  private String restaurantId(int r) throws Exception {
    String id = restaurantIds.get(r);
    if (id == null) {
      id = find(ID, call("GET", "/api/v1/restaurants/me", null, ownerTokens.get(r), 200));
      restaurantIds.put(r, id);
    }
    return id;
  }

  private List<WebSocket> connect() throws Exception {
    List<HttpClient> wsClients = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      wsClients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
    }
    String wsBase = base.replaceFirst("^http", "ws");
    WebSocket[] open = new WebSocket[sockets];
    CountDownLatch snapshots = new CountDownLatch(sockets);
    Semaphore connecting = new Semaphore(connectParallelism);
    AtomicInteger failures = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = 0; i < sockets; i++) {
      int idx = i;
      connecting.acquire();
      URI uri =
          URI.create(
              wsBase + "/ws/orders/" + orderIds[i] + "/status?access_token=" + orderTokens[i]);
      wsClients
          .get(i % clients)
          .newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .buildAsync(uri, new Follower(idx, snapshots, connecting))
          .whenComplete(
              (ws, err) -> {
                if (err != null) {
                  failures.incrementAndGet();
                  connecting.release();
                  snapshots.countDown();
                } else {
                  open[idx] = ws;
                }
              });
      if ((i + 1) % 2000 == 0) {
        log("  %d sockets requested", i + 1);
      }
    }
    if (!snapshots.await(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every socket got its snapshot within 300 s");
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " sockets could not connect");
    }
    log(
        "%d sockets open, each with its snapshot, in %.1f s",
        sockets, (System.nanoTime() - t0) / 1e9);
    Thread.sleep(2000);
    return List.of(open);
  }

  /** One socket: counts the snapshot, then checks and times every event of its order. */
  private final class Follower implements WebSocket.Listener {
    private final int idx;
    private final CountDownLatch snapshots;
    private final Semaphore connecting;
    private final StringBuilder partial = new StringBuilder();

    Follower(int idx, CountDownLatch snapshots, Semaphore connecting) {
      this.idx = idx;
      this.snapshots = snapshots;
      this.connecting = connecting;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      long now = System.nanoTime();
      java.time.Instant wallNow = java.time.Instant.now();
      partial.append(data);
      if (last) {
        String m = partial.toString();
        partial.setLength(0);
        int seq = seqOf(m);
        if (m.contains("\"type\":\"snapshot\"")) {
          lastSeq.set(idx, seq);
          connecting.release();
          snapshots.countDown();
        } else {
          int prev = lastSeq.get(idx);
          if (seq <= prev) {
            duplicates.increment();
          } else {
            if (seq != prev + 1) {
              outOfOrder.increment();
            }
            lastSeq.set(idx, seq);
            received.increment();
            int change = idx * 4 + (seq - 2);
            long k = (long) (seq - 2) * sockets + idx;
            if (k >= measureFromIndex) {
              java.time.Instant committed = committedAt(m);
              if (committed != null) {
                fromCommit.recordValue(
                    Math.max(0, java.time.Duration.between(committed, wallNow).toNanos() / 1000));
              }
              long sent = sentAt.get(change);
              if (sent > 0) {
                fromSend.recordValue(Math.max(0, (now - sent) / 1000));
              }
              long answered = answeredAt.get(change);
              if (answered > 0) {
                fromAnswer.recordValue(Math.max(0, (now - answered) / 1000));
              } else {
                beforeAnswer.increment();
                fromAnswer.recordValue(0);
              }
            }
          }
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closedEarly.incrementAndGet();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closedEarly.incrementAndGet();
    }
  }

  /**
   * The server's {@code committed_at} of a live event (same machine, same clock as this process).
   */
  private static java.time.Instant committedAt(String m) {
    int at = m.indexOf("\"committed_at\":\"");
    if (at < 0) {
      return null;
    }
    int from = at + 16;
    return java.time.Instant.parse(m.substring(from, m.indexOf('"', from)));
  }

  private static int seqOf(String m) {
    int at = m.indexOf("\"seq\":");
    if (at < 0) {
      return -1;
    }
    int i = at + 6;
    int v = 0;
    while (i < m.length() && Character.isDigit(m.charAt(i))) {
      v = v * 10 + (m.charAt(i++) - '0');
    }
    return v;
  }

  /** Change k (open loop, due at start + k / rate) moves order k % N one step further. */
  private void drive(long changes) throws Exception {
    measureFromIndex = Math.round(rate * warmup);
    log(
        "driving %d changes at %.0f/s (%d s warm-up, then %d s measured)",
        changes, rate, warmup, duration);
    Semaphore inFlight = new Semaphore(256);
    CountDownLatch done = new CountDownLatch((int) changes);
    long start = System.nanoTime();
    double interval = 1e9 / rate;
    for (long k = 0; k < changes; k++) {
      long due = start + Math.round(k * interval);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int idx = (int) (k % sockets);
      int step = (int) (k / sockets);
      int change = idx * 4 + step;
      if (!inFlight.tryAcquire(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "256 change requests in flight for 5 s: the server is not keeping up");
      }
      HttpRequest req =
          request(
              "POST",
              "/api/v1/restaurants/me/orders/" + orderIds[idx] + "/" + STEPS[step],
              step == 0 ? "{\"prep_minutes\":15}" : null,
              ownerTokens.get(orderRestaurant[idx]));
      long sent = System.nanoTime();
      sentAt.set(change, sent);
      boolean measured = k >= measureFromIndex;
      http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (res, err) -> {
                long now = System.nanoTime();
                answeredAt.set(change, now);
                inFlight.release();
                if (err != null || res.statusCode() != 200) {
                  restErrors.increment();
                } else if (measured) {
                  rest.recordValue((now - sent) / 1000);
                }
                done.countDown();
              });
      if (k > 0 && k % Math.max(1, Math.round(rate * 10)) == 0) {
        log("  %d changes sent, %d events received", k, received.sum());
      }
    }
    done.await(30, TimeUnit.SECONDS);
  }

  private HttpRequest request(String method, String path, String body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private String call(String method, String path, String body, String token, int expect)
      throws Exception {
    HttpResponse<String> res =
        http.send(request(method, path, body, token), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != expect) {
      throw new IllegalStateException(
          method + " " + path + " answered " + res.statusCode() + ": " + res.body());
    }
    return res.body();
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + text);
    }
    return m.group(1);
  }

  private String serverMetrics() {
    try {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create(metrics)).header("Accept", "text/plain").build(),
              HttpResponse.BodyHandlers.ofString());
      StringBuilder sb = new StringBuilder();
      for (String line : res.body().split("\n")) {
        if (line.startsWith("ordersync_ws") && !line.contains("_bucket")) {
          sb.append(line).append('\n');
        }
      }
      return sb.toString();
    } catch (Exception e) {
      return "could not read /observe/metrics: " + e + "\n";
    }
  }

  record Memory(double heapMiB, double rssMiB) {}

  /** The server's heap after a full GC (jcmd) and its resident set size, if its pid is known. */
  private Memory memory() {
    if (serverPid <= 0) {
      return new Memory(0, 0);
    }
    try {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      exec(jcmd, String.valueOf(serverPid), "GC.run");
      Thread.sleep(500);
      exec(jcmd, String.valueOf(serverPid), "GC.run");
      String info = exec(jcmd, String.valueOf(serverPid), "GC.heap_info");
      Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
      double heap = used.find() ? Long.parseLong(used.group(1)) / 1024.0 : 0;
      double rss = 0;
      for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      return new Memory(heap, rss);
    } catch (IOException | InterruptedException e) {
      log("could not measure the server's memory: %s", e);
      return new Memory(0, 0);
    }
  }

  private static String exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return text;
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
