package dev.ordersync.bench;

import com.sun.net.httpserver.HttpServer;
import dev.ordersync.bench.AuthBench.Options;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notification benchmark (bench/notifications.sh, issue 19): orders placed through the API with
 * a consenting phone and moved through accepted, preparing and ready at a steady rate (1,000 a
 * minute by default), while a fake Aligo in this process takes the server's text messages (after a
 * configurable delay, as a real provider answers). Every 100 ms it reads the age of the oldest
 * pending message from the database; at the end it waits for the queue to drain and reports that
 * maximum, the delay of each message from its recording to the provider's acceptance (sent_at -
 * created_at), and whether every expected text reached the fake exactly once.
 *
 * <pre>
 * java -jar ordersync-bench.jar notifications --base http://127.0.0.1:8080
 *   --fake-port 9100 --db jdbc:postgresql://127.0.0.1:5432/x --db-user postgres
 *   [--per-minute 1000] [--duration 120] [--restaurants 4] [--fake-delay-ms 100]
 * </pre>
 */
public final class NotificationBench {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private final Options options;
  private final URI api;
  private final HttpClient http =
      HttpClient.newBuilder()
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final AtomicLong fakeRequests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<String> firstErrors = new ArrayList<>();
  private final String runId = UUID.randomUUID().toString().substring(0, 8);

  private NotificationBench(Options options) {
    this.options = options;
    this.api = URI.create(options.string("base", "").replaceAll("/+$", "") + "/api/v1/");
  }

  static int run(Options options) throws Exception {
    return new NotificationBench(options).run();
  }

  private record Restaurant(String id, String token, String item) {}

  int run() throws Exception {
    HttpServer fake =
        fakeAligo(options.integer("fake-port", 9100), options.integer("fake-delay-ms", 100));
    try {
      awaitHealthy();
      int perMinute = options.integer("per-minute", 1000);
      int duration = options.integer("duration", 120);
      List<Restaurant> restaurants = new ArrayList<>();
      for (int i = 0; i < options.integer("restaurants", 4); i++) {
        restaurants.add(seed(i));
      }
      System.out.printf(
          "== load: %d orders a minute for %d s over %d restaurants, each placed with a consenting phone,"
              + " then accepted (+1 s), started (+2 s) and ready (+3 s)%n",
          perMinute, duration, restaurants.size());
      Sampler sampler = new Sampler();
      Thread sampling = Thread.ofPlatform().daemon().start(sampler);
      ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
      ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
      long intervalMicros = 60_000_000L / perMinute;
      int total = (int) ((long) duration * perMinute / 60);
      AtomicInteger placed = new AtomicInteger();
      for (int i = 0; i < total; i++) {
        Restaurant r = restaurants.get(i % restaurants.size());
        String phone = String.format("0107%07d", i);
        clock.schedule(
            () -> work.execute(() -> order(r, phone, clock, work, placed)),
            i * intervalMicros,
            TimeUnit.MICROSECONDS);
      }
      clock.shutdown();
      clock.awaitTermination(duration + 60, TimeUnit.SECONDS);
      // The last moves were scheduled 3 s after the last placement.
      Thread.sleep(4_000);
      work.shutdown();
      work.awaitTermination(60, TimeUnit.SECONDS);
      long drainStart = System.nanoTime();
      while (sampler.pending > 0 && System.nanoTime() - drainStart < 60_000_000_000L) {
        Thread.sleep(200);
      }
      Thread.sleep(1_000);
      sampler.stop = true;
      sampling.join();
      return report(total, placed.get(), sampler);
    } finally {
      fake.stop(0);
    }
  }

  /** One order's life: placed, then accepted, started and made ready a second apart. */
  private void order(
      Restaurant r,
      String phone,
      ScheduledExecutorService clock,
      ExecutorService work,
      AtomicInteger placed) {
    String body =
        "{\"restaurant_id\":\""
            + r.id()
            + "\",\"items\":[{\"menu_item_id\":\""
            + r.item()
            + "\",\"quantity\":1}],\"customer\":{\"name\":\"Bench\",\"phone\":\""
            + phone
            + "\",\"sms_consent\":true},\"fulfillment\":\"TAKEOUT\"}";
    HttpResponse<String> created =
        send("POST", "orders", body, null, "Idempotency-Key", UUID.randomUUID().toString());
    if (created == null || created.statusCode() != 201) {
      return;
    }
    placed.incrementAndGet();
    String id = group(ID, created.body());
    String[] steps = {"accept", "start", "ready"};
    for (int s = 0; s < steps.length; s++) {
      String step = steps[s];
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
      HttpResponse<String> moved =
          send(
              "POST",
              "restaurants/me/orders/" + id + "/" + step,
              step.equals("accept") ? "{\"prep_minutes\":10}" : null,
              r.token(),
              null,
              null);
      if (moved == null || moved.statusCode() != 200) {
        return;
      }
    }
  }

  private HttpResponse<String> send(
      String method, String path, String body, String token, String header, String value) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(api.resolve(path))
              .timeout(Duration.ofSeconds(10))
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
      if (header != null) {
        b.header(header, value);
        b.header("Idempotency-Secret", UUID.randomUUID().toString().replace("-", ""));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) {
        error(method + " " + path + " -> " + r.statusCode() + " " + r.body());
      }
      return r;
    } catch (IOException | InterruptedException e) {
      error(method + " " + path + ": " + e);
      return null;
    }
  }

  private void error(String what) {
    errors.incrementAndGet();
    synchronized (firstErrors) {
      if (firstErrors.size() < 5) {
        firstErrors.add(what.length() > 300 ? what.substring(0, 300) : what);
      }
    }
  }

  private Restaurant seed(int n) throws Exception {
    String email = "bench-notify-" + runId + "-" + n + "@example.kr";
    String password = "bench owner pw " + runId + " zq";
    expect(
        201,
        send(
            "POST",
            "auth/register",
            "{\"email\":\""
                + email
                + "\",\"password\":\""
                + password
                + "\",\"name\":\"Bench Owner\",\"phone\":\"010-1234-5678\",\"role\":\"OWNER\"}",
            null,
            null,
            null));
    String login = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    String first = group(ACCESS, expect(200, send("POST", "auth/login", login, null, null, null)));
    String restaurant =
        group(
            ID,
            expect(
                201,
                send(
                    "POST",
                    "restaurants",
                    "{\"name\":\"알림 식당 "
                        + n
                        + "\",\"business_number\":\"220-81-62517\",\"phone\":\"02-123-4567\","
                        + "\"address\":\"Seoul\"}",
                    first,
                    null,
                    null)));
    String token = group(ACCESS, expect(200, send("POST", "auth/login", login, null, null, null)));
    String item =
        group(
            ID,
            expect(
                201,
                send(
                    "POST",
                    "restaurants/me/menu/items",
                    "{\"name\":\"김밥\",\"price\":4500}",
                    token,
                    null,
                    null)));
    return new Restaurant(restaurant, token, item);
  }

  private static String expect(int status, HttpResponse<String> r) {
    if (r == null || r.statusCode() != status) {
      throw new IllegalStateException(
          "seeding: expected "
              + status
              + ", got "
              + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
    }
    return r.body();
  }

  private static String group(Pattern p, String body) {
    Matcher m = p.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + body);
    }
    return m.group(1);
  }

  private void awaitHealthy() throws Exception {
    URI health = api.resolve("/observe/health");
    for (int i = 0; i < 240; i++) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the server did not become healthy");
  }

  /**
   * A fake Aligo that takes every message after {@code delayMillis}: {@code POST /send/} with a
   * form, answered with Aligo's JSON. Counts each (receiver, text) it receives.
   */
  private HttpServer fakeAligo(int port, int delayMillis) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    AtomicLong ids = new AtomicLong(800_000_000L);
    server.createContext(
        "/send/",
        ex -> {
          fakeRequests.incrementAndGet();
          String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String receiver = "";
          String msg = "";
          for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
              continue;
            }
            String k = pair.substring(0, eq);
            String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (k.equals("receiver")) {
              receiver = v;
            } else if (k.equals("msg")) {
              msg = v;
            }
          }
          received
              .computeIfAbsent(receiver + "|" + msg, k -> new AtomicInteger())
              .incrementAndGet();
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] answer =
              ("{\"result_code\":1,\"message\":\"success\",\"msg_id\":"
                      + ids.incrementAndGet()
                      + ",\"success_cnt\":1,\"error_cnt\":0,\"msg_type\":\"SMS\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
          ex.sendResponseHeaders(200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
    return server;
  }

  /** Reads the queue every 100 ms: its depth and the age of its oldest pending message. */
  private final class Sampler implements Runnable {
    volatile boolean stop;
    volatile long pending = 1;
    double maxOldest;
    long maxDepth;
    final long started = System.nanoTime();
    long windowStart = started;
    double windowOldest;
    final StringBuilder timeline = new StringBuilder();
    long ticks;
    boolean autovacuum;
    int vacuums;
    long samples;

    @Override
    public void run() {
      try (Connection c =
              DriverManager.getConnection(
                  options.string("db", ""), options.string("db-user", "postgres"), null);
          Statement s = c.createStatement()) {
        try (ResultSet on = s.executeQuery("SELECT current_setting('autovacuum') = 'on'")) {
          on.next();
          autovacuum = on.getBoolean(1);
        }
        while (!stop) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)"
                      + " FROM notifications WHERE channel = 'SMS' AND status = 'pending'")) {
            rs.next();
            pending = rs.getLong(1);
            maxDepth = Math.max(maxDepth, pending);
            double oldest = rs.getDouble(2);
            maxOldest = Math.max(maxOldest, oldest);
            windowOldest = Math.max(windowOldest, oldest);
            if (System.nanoTime() - windowStart >= 10_000_000_000L) {
              timeline.append(
                  String.format(
                      " | %d s: %.2f s, load %s",
                      (System.nanoTime() - started) / 1_000_000_000L,
                      windowOldest,
                      java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                          .split(" ")[0]));
              windowOldest = 0;
              windowStart = System.nanoTime();
            }
            samples++;
          }
          if (++ticks % 50 == 0 && !autovacuum) {
            // This machine's PostgreSQL runs without autovacuum (on wherever PostgreSQL runs for
            // real):
            // the table every message updates three times is vacuumed as autovacuum would.
            s.execute("VACUUM notifications");
            vacuums++;
          }
          Thread.sleep(100);
        }
      } catch (Exception e) {
        error("sampling: " + e);
      }
    }
  }

  private int report(int total, int placed, Sampler sampler) throws Exception {
    StringBuilder out = new StringBuilder();
    long expected = 0;
    double p50;
    double p99;
    double max;
    long sent;
    long other;
    try (Connection c =
            DriverManager.getConnection(
                options.string("db", ""), options.string("db-user", "postgres"), null);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.99) WITHIN GROUP (ORDER BY d),"
                  + " max(d), count(*) FROM (SELECT extract(epoch FROM sent_at - created_at) AS d FROM notifications"
                  + " WHERE channel = 'SMS' AND status = 'sent') x")) {
        rs.next();
        p50 = rs.getDouble(1);
        p99 = rs.getDouble(2);
        max = rs.getDouble(3);
        sent = rs.getLong(4);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM notifications WHERE channel = 'SMS' AND status <> 'sent'")) {
        rs.next();
        other = rs.getLong(1);
      }
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM notifications WHERE channel = 'SMS'")) {
        rs.next();
        expected = rs.getLong(1);
      }
    }
    long duplicates = received.values().stream().filter(n -> n.get() > 1).count();
    long distinct = received.size();
    out.append(
        String.format(
            "%n| orders placed | texts recorded | sent | not sent | fake Aligo requests | distinct texts received"
                + " | received twice | oldest pending, max (s) | queue depth, max | record-to-accepted p50 / p99 / max (ms) | API errors |%n"
                + "|---|---|---|---|---|---|---|---|---|---|---|%n"
                + "| %d of %d | %d | %d | %d | %d | %d | %d | %.2f | %d | %.0f / %.0f / %.0f | %d |%n",
            placed,
            total,
            expected,
            sent,
            other,
            fakeRequests.get(),
            distinct,
            duplicates,
            sampler.maxOldest,
            sampler.maxDepth,
            p50 * 1000,
            p99 * 1000,
            max * 1000,
            errors.get()));
    out.append("oldest pending per 10 s window, with the 1-minute load average:")
        .append(sampler.timeline)
        .append('\n');
    if (!sampler.autovacuum) {
      out.append(
              "autovacuum is off on this PostgreSQL: the generator ran VACUUM notifications every 5 s (")
          .append(sampler.vacuums)
          .append(" times)\n");
    }
    firstErrors.forEach(e -> out.append("  error: ").append(e).append('\n'));
    boolean ok =
        expected > 0
            && sent == expected
            && duplicates == 0
            && fakeRequests.get() == sent
            && sampler.maxOldest < 2.0
            && placed == total;
    out.append(ok ? "RESULT PASS" : "RESULT FAIL")
        .append(
            " (every recorded text sent once, none twice, the oldest pending under 2 s, every order placed)\n");
    System.out.print(out);
    return ok ? 0 : 3;
  }
}
