package dev.ordersync.server;

import com.sun.net.httpserver.HttpServer;
import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * The notification benchmark's direct mode (bench/notifications.sh with MODE=direct; not a test):
 * for a build where no change records guest texts yet, it drives the same load with the texts
 * recorded directly. One process: a fresh database, a server configured with a fake Aligo (this
 * process, answering after a delay), orders placed with a phone through the API and moved through
 * accepted, preparing and ready a second apart, and after each accepted and ready answer a text
 * recorded through the server's outbox in a unit of work of its own (so after the change's commit,
 * not in it: its wake-up path is the same). Every 100 ms the age of the oldest pending message is
 * read from the database. Arguments: orders a minute, seconds, provider delay in ms.
 */
public final class NotificationLoad {
  private NotificationLoad() {}

  public static void main(String[] args) throws Exception {
    int perMinute = Integer.parseInt(args.length > 0 ? args[0] : "1000");
    int duration = Integer.parseInt(args.length > 1 ? args[1] : "120");
    int delay = Integer.parseInt(args.length > 2 ? args[2] : "100");
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    AtomicLong requests = new AtomicLong();
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    fake.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    AtomicLong ids = new AtomicLong(800_000_000L);
    fake.createContext(
        "/send/",
        ex -> {
          requests.incrementAndGet();
          String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String key = "";
          for (String pair : form.split("&")) {
            if (pair.startsWith("receiver=") || pair.startsWith("msg=")) {
              key +=
                  URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8)
                      + "|";
            }
          }
          received.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          try {
            Thread.sleep(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] answer =
              ("{\"result_code\":1,\"message\":\"success\",\"msg_id\":"
                      + ids.incrementAndGet()
                      + ",\"success_cnt\":1,\"error_cnt\":0,\"msg_type\":\"SMS\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    fake.start();
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_ALIGO_API_URL", "http://127.0.0.1:" + fake.getAddress().getPort());
    env.put("ORDERSYNC_ALIGO_KEY", "benchbenchbenchbenchbenchbench12");
    env.put("ORDERSYNC_ALIGO_USER_ID", "ordersync");
    env.put("ORDERSYNC_ALIGO_SENDER", "025114560");
    env.put("ORDERSYNC_DB_POOL_SIZE", "16");
    System.out.printf(
        "== machine: %d cores, load average %s%n",
        Runtime.getRuntime().availableProcessors(),
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
    try (TestServer server = TestServer.start(env)) {
      Scenario story = new Scenario(server.api());
      List<Scenario.Owner> owners = new ArrayList<>();
      List<String> items = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Scenario.Owner o = story.anOwnerWithARestaurant("알림 식당 " + i);
        owners.add(o);
        items.add(story.anItem(o, "김밥", 4500, null));
      }
      System.out.printf(
          "== load (direct mode): %d orders a minute for %d s over 4 restaurants, placed with a phone through the"
              + " API, then accepted (+1 s), started (+2 s) and ready (+3 s); a text recorded after each accepted"
              + " and ready; fake Aligo answers after %d ms%n",
          perMinute, duration, delay);
      Sampler sampler = new Sampler(server.database());
      Thread sampling = Thread.ofPlatform().daemon().start(sampler);
      ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
      ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
      AtomicInteger placed = new AtomicInteger();
      AtomicInteger recorded = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      long interval = 60_000_000L / perMinute;
      int total = (int) ((long) duration * perMinute / 60);
      for (int i = 0; i < total; i++) {
        int n = i;
        clock.schedule(
            () ->
                work.execute(
                    () -> {
                      try {
                        order(server, owners.get(n % 4), items.get(n % 4), n, placed, recorded);
                      } catch (RuntimeException | Error e) {
                        errors.incrementAndGet();
                      }
                    }),
            n * interval,
            TimeUnit.MICROSECONDS);
      }
      clock.shutdown();
      clock.awaitTermination(duration + 60, TimeUnit.SECONDS);
      work.shutdown();
      work.awaitTermination(60, TimeUnit.SECONDS);
      long end = System.nanoTime() + 60_000_000_000L;
      while (sampler.pending > 0 && System.nanoTime() < end) {
        Thread.sleep(200);
      }
      Thread.sleep(1_000);
      sampler.stop = true;
      sampling.join();
      report(
          server.database(),
          total,
          placed.get(),
          recorded.get(),
          errors.get(),
          sampler,
          received,
          requests.get());
    } finally {
      fake.stop(0);
    }
    System.exit(0);
  }

  private static void order(
      TestServer server,
      Scenario.Owner owner,
      String item,
      int n,
      AtomicInteger placed,
      AtomicInteger recorded) {
    String phone = String.format("0107%07d", n);
    String body =
        "{\"restaurant_id\":\""
            + owner.restaurantId()
            + "\",\"items\":[{\"menu_item_id\":\""
            + item
            + "\",\"quantity\":1}],\"customer\":{\"name\":\"Bench\",\"phone\":\""
            + phone
            + "\"},\"fulfillment\":\"TAKEOUT\"}";
    Api.Response created = server.api().post("/api/v1/orders", body, null);
    if (created.status() != 201) {
      throw new IllegalStateException(created.toString());
    }
    placed.incrementAndGet();
    UUID orderId = UUID.fromString(created.text("id"));
    for (String step : List.of("accept", "start", "ready")) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
      Api.Response moved =
          server
              .api()
              .post(
                  "/api/v1/restaurants/me/orders/" + orderId + "/" + step,
                  step.equals("accept") ? "{\"prep_minutes\":10}" : null,
                  owner.token());
      if (moved.status() != 200) {
        throw new IllegalStateException(moved.toString());
      }
      if (!step.equals("start")) {
        NotificationKind kind =
            step.equals("accept") ? NotificationKind.ORDER_ACCEPTED : NotificationKind.ORDER_READY;
        String text =
            step.equals("accept")
                ? "[알림 식당] 주문이 접수되었습니다. 10분 후 준비됩니다."
                : "[알림 식당] 주문하신 음식이 준비되었습니다.";
        Notification note =
            new Notification(
                "bench:" + orderId + ":" + step,
                kind,
                new Message(Channel.SMS, phone, null, text),
                UUID.fromString(owner.restaurantId()),
                orderId);
        server
            .application()
            .transactions()
            .run(
                () -> {
                  server.notificationOutbox().enqueue(note);
                  return null;
                });
        recorded.incrementAndGet();
      }
    }
  }

  private static final class Sampler implements Runnable {
    private final TestDatabase db;
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

    Sampler(TestDatabase db) {
      this.db = db;
    }

    @Override
    public void run() {
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        try (ResultSet on = s.executeQuery("SELECT current_setting('autovacuum') = 'on'")) {
          on.next();
          autovacuum = on.getBoolean(1);
        }
        while (!stop) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)"
                      + " FROM notifications WHERE status = 'pending'")) {
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
        System.err.println("sampling failed: " + e);
      }
    }
  }

  private static void report(
      TestDatabase db,
      int total,
      int placed,
      int recorded,
      int errors,
      Sampler sampler,
      Map<String, AtomicInteger> received,
      long requests)
      throws Exception {
    double p50;
    double p99;
    double max;
    long sent;
    long all;
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.99) WITHIN GROUP (ORDER BY d),"
                  + " max(d), count(*) FROM (SELECT extract(epoch FROM sent_at - created_at) AS d FROM notifications"
                  + " WHERE status = 'sent') x")) {
        rs.next();
        p50 = rs.getDouble(1);
        p99 = rs.getDouble(2);
        max = rs.getDouble(3);
        sent = rs.getLong(4);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM notifications")) {
        rs.next();
        all = rs.getLong(1);
      }
    }
    long twice = received.values().stream().filter(n -> n.get() > 1).count();
    System.out.printf(
        "%n| orders placed | texts recorded | rows | sent | fake Aligo requests | distinct texts received | received twice"
            + " | oldest pending, max (s) | queue depth, max | record-to-accepted p50 / p99 / max (ms) | errors |%n"
            + "|---|---|---|---|---|---|---|---|---|---|---|%n"
            + "| %d of %d | %d | %d | %d | %d | %d | %d | %.2f | %d | %.0f / %.0f / %.0f | %d |%n",
        placed,
        total,
        recorded,
        all,
        sent,
        requests,
        received.size(),
        twice,
        sampler.maxOldest,
        sampler.maxDepth,
        p50 * 1000,
        p99 * 1000,
        max * 1000,
        errors);
    boolean ok =
        placed == total
            && recorded == 2 * total
            && sent == all
            && all == recorded
            && requests == sent
            && twice == 0
            && sampler.maxOldest < 2.0;
    System.out.println(
        "oldest pending per 10 s window, with the 1-minute load average:"
            + sampler.timeline
            + (sampler.autovacuum
                ? ""
                : "\nautovacuum is off on this PostgreSQL: the generator ran VACUUM notifications every 5 s ("
                    + sampler.vacuums
                    + " times)"));
    System.out.println(
        (ok ? "RESULT PASS" : "RESULT FAIL")
            + " (every recorded text sent once, none twice, the oldest pending under 2 s)");
  }
}
