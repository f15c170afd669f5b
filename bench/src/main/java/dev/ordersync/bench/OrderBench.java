package dev.ordersync.bench;

import dev.ordersync.bench.AuthBench.Call;
import dev.ordersync.bench.AuthBench.Options;
import dev.ordersync.bench.AuthBench.Pids;
import dev.ordersync.bench.AuthBench.Result;
import dev.ordersync.bench.AuthBench.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The order benchmarks: seeds restaurants with realistic menus through the API, runs the order
 * scenarios open loop (the engine of {@link AuthBench}: constant arrival rate, latency from the
 * intended send time), measures closed-loop capacities for the ratios to the ceilings, and counts
 * the database afterwards. A run whose check fails exits 3: a fast wrong answer is a failed run.
 *
 * <pre>
 * java -jar ordersync-bench.jar orders --base URL --db-url JDBC_URL [--scenarios order-create,order-read,...]
 *      [--rate 2000] [--SCENARIO-rate R] [--warmup 20] [--duration 60] [--restaurants 8] [--items 12]
 *      [--capacity order-create,hello] [--capacity-clients 64] [--capacity-seconds 15] [--hello URL]
 *      [--server-pid PID] [--postgres-pid PID] [--out results.md] [--summary summary.properties]
 * </pre>
 */
final class OrderBench {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
  private static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final Options options;
  private final AuthBench.AuthRun engine;
  private final URI api;
  private final HttpClient setupClient =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Restaurant> restaurants = new ArrayList<>();
  private final String runId = UUID.randomUUID().toString().substring(0, 8);

  // What the server answered, tallied for the check.
  private final LongAdder created = new LongAdder();
  private final LongAdder createdTotal = new LongAdder();
  private final LongAdder wrongTotals = new LongAdder();
  private final Set<String> createdIds = ConcurrentHashMap.newKeySet();
  private final LongAdder duplicateIds = new LongAdder();
  private final Map<String, LongAdder> stockTaken = new ConcurrentHashMap<>();

  /**
   * Orders placed and not yet accepted, for the accept scenario; orders to read, for the read
   * scenario.
   */
  private final ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();

  private final List<Placed> readable = new CopyOnWriteArrayList<>();
  private final Map<String, String> summary = new LinkedHashMap<>();

  /**
   * Creations whose answer never came (timeout, I/O error): sent again with the same key after the
   * load.
   */
  private final ConcurrentLinkedQueue<Call> unknown = new ConcurrentLinkedQueue<>();

  private final LongAdder settled = new LongAdder();

  record Option(String id, long delta) {}

  record Group(int min, int max, List<Option> options) {}

  record Item(String id, long price, Integer stock, List<Group> groups) {}

  record Restaurant(String id, String token, List<Item> items) {}

  record Placed(Restaurant restaurant, String id) {}

  /**
   * The restaurants {@link #seed} made, with their owners' tokens (the fault suite's live feed).
   */
  List<Restaurant> restaurants() {
    return List.copyOf(restaurants);
  }

  /** The engine's HTTP send (its clients and connection cap), for the fault suite's resends. */
  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return engine.send(request);
  }

  OrderBench(Options options) {
    this.options = options;
    this.engine = new AuthBench.AuthRun(options);
    this.api = URI.create(options.string("base", "").replaceAll("/+$", "") + "/api/v1/");
  }

  int run() throws Exception {
    List<String> scenarios = List.of(options.string("scenarios", "order-create").split(","));
    int warmup = options.integer("warmup", 20);
    int duration = options.integer("duration", 60);
    Pids pids = new Pids(optionalLong("server-pid"), optionalLong("postgres-pid"));
    seed(options.integer("restaurants", 8), options.integer("items", 12));

    List<Result> results = new ArrayList<>();
    for (String raw : scenarios) {
      String s = raw.strip();
      double rate =
          options.number(
              s + "-rate", options.number("rate", s.equals("order-create") ? 2000 : 5000));
      if (!s.equals("order-create")) {
        preload(s.equals("accept") ? (long) (rate * (warmup + duration) * 1.05) : 2000);
      }
      if (!results.isEmpty() || !s.equals("order-create")) {
        // Not before the first order creation: tables that were never analyzed are planned from
        // their real size as
        // they grow, while statistics taken of the near-empty tables of the start doubled
        // PostgreSQL's CPU per order
        // (the audit trail's pending rows were then read by a plan made for an empty table).
        refreshStatisticsIfNobodyElseDoes();
      }
      Scenario scenario =
          switch (s) {
            case "order-create" -> orderCreate();
            case "order-read" -> orderRead();
            case "restaurant-list" -> restaurantList();
            case "accept" -> accept();
            case "mixed" -> mixed();
            default -> throw new IllegalArgumentException("unknown scenario: " + s);
          };
      double goal = s.equals("order-create") || s.equals("accept") || s.equals("mixed") ? 50 : 10;
      Result r = engine.runScenario(scenario, rate, warmup, duration, goal, pids);
      results.add(r);
      summary.put(s + ".rate", fmt(rate));
      summary.put(s + ".achieved", fmt(r.achieved()));
      summary.put(s + ".p99", fmt(AuthBench.ms(r.stats().latency, 99)));
      summary.put(s + ".errors", Long.toString(r.stats().errorCount()));
    }
    StringBuilder out = new StringBuilder(AuthBench.table(results, duration));

    List<String> capacities = List.of(options.string("capacity", "").split(","));
    List<String> capacityLines = new ArrayList<>();
    for (String raw : capacities) {
      String c = raw.strip();
      if (c.isEmpty() || c.equals("none")) {
        continue;
      }
      Scenario scenario =
          switch (c) {
            case "order-create" -> orderCreate();
            case "hello" -> hello();
            case "order-read" -> orderRead();
            case "restaurant-list" -> restaurantList();
            default -> throw new IllegalArgumentException("unknown capacity scenario: " + c);
          };
      capacityLines.add(capacity(c, scenario));
    }
    if (!capacityLines.isEmpty()) {
      out.append("\nClosed-loop capacity (")
          .append(options.integer("capacity-clients", 64))
          .append(" clients back to back, ")
          .append(options.integer("capacity-seconds", 15))
          .append(
              " s; the most the pair of processes can do on this machine, latency here is not the product's)\n\n")
          .append("| what | ok/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|\n");
      capacityLines.forEach(out::append);
    }

    settleUnknown();
    String check = check();
    out.append("\n").append(check);
    System.out.println();
    System.out.print(out);
    String file = options.string("out", null);
    if (file != null) {
      Files.writeString(Path.of(file), out.toString(), StandardCharsets.UTF_8);
    }
    String summaryFile = options.string("summary", null);
    if (summaryFile != null) {
      StringBuilder sb = new StringBuilder();
      summary.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      Files.writeString(Path.of(summaryFile), sb.toString(), StandardCharsets.UTF_8);
    }
    return check.contains("FAILED") ? 3 : 0;
  }

  // ----- seeding, through the API: owners, restaurants, menus with options and stock

  void seed(int count, int itemsEach) throws Exception {
    long t0 = System.nanoTime();
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<Restaurant>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(vts.submit(() -> seedRestaurant(n, itemsEach)));
      }
      for (var f : futures) {
        restaurants.add(f.get());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "setup: %d restaurants with %d menu items each (options, stock) in %.1f s%n",
        count,
        itemsEach,
        (System.nanoTime() - t0) / 1e9);
  }

  private Restaurant seedRestaurant(int n, int itemsEach) throws IOException, InterruptedException {
    String email = "bench-owner-" + runId + "-" + n + "@example.kr";
    String password = "bench owner pw " + runId + " " + n + " zq";
    expect(
        201,
        postJson(
            "auth/register",
            "{\"email\":\""
                + email
                + "\",\"password\":\""
                + password
                + "\",\"name\":\"Bench Owner\",\"role\":\"OWNER\"}",
            null));
    String login = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    String first = group(ACCESS, expect(200, postJson("auth/login", login, null)));
    String restaurant =
        group(
            ID,
            expect(
                201,
                postJson(
                    "restaurants",
                    "{\"name\":\"Bench Kitchen "
                        + n
                        + "\",\"business_number\":\"220-81-62517\",\"phone\":\"02-123-4567\",\"address\":\"Seoul\"}",
                    first)));
    String token = group(ACCESS, expect(200, postJson("auth/login", login, null)));
    SplittableRandom random = new SplittableRandom(n);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < itemsEach; i++) {
      long price = 3000 + 500L * random.nextInt(40);
      // Half the menu is counted stock (enough for any run, so the check sees exact arithmetic, not
      // sell-outs).
      Integer stock = i % 2 == 0 ? 1_000_000 : null;
      String itemId =
          group(
              ID,
              expect(
                  201,
                  postJson(
                      "restaurants/me/menu/items",
                      "{\"name\":\"Dish "
                          + i
                          + "\",\"price\":"
                          + price
                          + (stock == null ? "" : ",\"stock\":" + stock)
                          + "}",
                      token)));
      List<Group> groups = new ArrayList<>();
      if (i % 3 == 0) {
        // A required choice (size) and optional extras, as a chicken or noodle shop has.
        groups.add(
            optionGroup(
                itemId,
                token,
                "{\"name\":\"Size\",\"min\":1,\"max\":1,\"options\":[{\"name\":\"Regular\"},"
                    + "{\"name\":\"Large\",\"price_delta\":2000}]}",
                1,
                1,
                new long[] {0, 2000}));
        groups.add(
            optionGroup(
                itemId,
                token,
                "{\"name\":\"Extras\",\"min\":0,\"max\":2,\"options\":[{\"name\":\"Cheese\","
                    + "\"price_delta\":1000},{\"name\":\"Egg\",\"price_delta\":500},{\"name\":\"Rice\",\"price_delta\":1000}]}",
                0,
                2,
                new long[] {1000, 500, 1000}));
      }
      items.add(new Item(itemId, price, stock, groups));
    }
    return new Restaurant(restaurant, token, items);
  }

  private Group optionGroup(String item, String token, String json, int min, int max, long[] deltas)
      throws IOException, InterruptedException {
    String body =
        expect(201, postJson("restaurants/me/menu/items/" + item + "/option-groups", json, token));
    int at = body.indexOf("\"options\"");
    Matcher m = ID.matcher(body.substring(at));
    List<Option> options = new ArrayList<>();
    for (long delta : deltas) {
      if (!m.find()) {
        throw new IllegalStateException("no option ids in " + body);
      }
      options.add(new Option(m.group(1), delta));
    }
    return new Group(min, max, options);
  }

  private HttpResponse<String> postJson(String path, String json, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(api.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return setupClient.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String expect(int status, HttpResponse<String> r) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(r.request().uri() + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private static String group(Pattern p, String body) {
    Matcher m = p.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no " + p.pattern() + " in " + body);
    }
    return m.group(1);
  }

  // ----- scenarios

  /**
   * A new order: distinct Idempotency-Key, 1 to 5 lines, options where the item has them, most with
   * a customer.
   */
  private Scenario orderCreate() {
    return new Scenario() {
      @Override
      public String name() {
        return "order-create";
      }

      @Override
      public Optional<Call> next(long index) {
        return Optional.of(newOrder());
      }
    };
  }

  Call newOrder() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Restaurant r = restaurants.get(random.nextInt(restaurants.size()));
    int lines = 1 + random.nextInt(5);
    StringBuilder json =
        new StringBuilder("{\"restaurant_id\":\"").append(r.id).append("\",\"items\":[");
    long expected = 0;
    Map<String, Integer> taken = new TreeMap<>();
    for (int i = 0; i < lines; i++) {
      Item item = r.items.get(random.nextInt(r.items.size()));
      int quantity = 1 + random.nextInt(3);
      long unit = item.price;
      List<String> chosen = new ArrayList<>();
      for (Group g : item.groups) {
        int k = g.min + random.nextInt(g.max - g.min + 1);
        List<Option> shuffled = new ArrayList<>(g.options);
        java.util.Collections.shuffle(shuffled, random);
        for (int j = 0; j < k; j++) {
          chosen.add(shuffled.get(j).id);
          unit += shuffled.get(j).delta;
        }
      }
      expected += unit * quantity;
      if (item.stock != null) {
        taken.merge(item.id, quantity, Integer::sum);
      }
      json.append(i == 0 ? "" : ",")
          .append("{\"menu_item_id\":\"")
          .append(item.id)
          .append("\",\"quantity\":")
          .append(quantity);
      if (!chosen.isEmpty()) {
        json.append(",\"options\":[\"").append(String.join("\",\"", chosen)).append("\"]");
      }
      json.append('}');
    }
    json.append("]");
    if (random.nextInt(10) < 7) {
      // An anonymous customer who leaves a name and phone: encrypted under a key of their own (a
      // subject key).
      json.append(",\"customer\":{\"name\":\"Lee ")
          .append(random.nextInt(1000))
          .append("\",\"phone\":\"010-")
          .append(1000 + random.nextInt(9000))
          .append('-')
          .append(1000 + random.nextInt(9000))
          .append("\"}");
    }
    json.append(
        random.nextBoolean()
            ? ",\"fulfillment\":\"TAKEOUT\"}"
            : ",\"fulfillment\":\"DINE_IN\",\"table\":\"T" + random.nextInt(30) + "\"}");
    HttpRequest req =
        HttpRequest.newBuilder(api.resolve("orders"))
            .timeout(AuthBench.REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            // An anonymous key replays only with its secret (decision 25): a retry resends both.
            .header("Idempotency-Secret", idempotencySecret())
            .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
            .build();
    long expectedTotal = expected;
    Call[] self = new Call[1];
    self[0] =
        new Call(
            req,
            resp -> {
              if (resp == null) {
                unknown.add(self[0]);
                return;
              }
              if (resp.statusCode() != 201) {
                return;
              }
              created.increment();
              String id = group(ID, resp.body());
              if (!createdIds.add(id)) {
                duplicateIds.increment();
              }
              long total = Long.parseLong(group(TOTAL, resp.body()));
              createdTotal.add(total);
              if (total != expectedTotal) {
                wrongTotals.increment();
              }
              taken.forEach(
                  (item, q) -> stockTaken.computeIfAbsent(item, k -> new LongAdder()).add(q));
              Placed p = new Placed(r, id);
              placed.add(p);
              if (readable.size() < 20_000) {
                readable.add(p);
              }
            });
    return self[0];
  }

  /**
   * What a real client does after a timeout: send the same request with the same Idempotency-Key
   * until a definite answer. The server replays the stored 201 for an order that committed after
   * the client gave up, and places one that never arrived; either way every order's outcome is
   * known before the database is counted.
   */
  private void settleUnknown() throws Exception {
    int n = unknown.size();
    if (n == 0) {
      return;
    }
    long t0 = System.nanoTime();
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        workers.add(
            vts.submit(
                () -> {
                  Call call;
                  while ((call = unknown.poll()) != null) {
                    HttpResponse<String> r = null;
                    for (int attempt = 0;
                        attempt < 20 && (r == null || r.statusCode() == 409);
                        attempt++) {
                      try {
                        r = engine.send(call.request());
                      } catch (IOException e) {
                        r = null;
                      }
                      if (r == null || r.statusCode() == 409) {
                        Thread.sleep(500);
                      }
                    }
                    if (r == null) {
                      throw new IllegalStateException(
                          "no answer for a creation after 20 tries: the server is not answering");
                    }
                    call.completion().done(r);
                  }
                  return null;
                }));
      }
      for (var w : workers) {
        w.get();
      }
    }
    settled.add(n);
    System.out.printf(
        Locale.ROOT,
        "settled %d creations that had no answer by sending them again with the same key"
            + " (%.1f s)%n",
        n,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Orders to work on before a read or accept scenario, placed closed loop as fast as the server
   * takes them.
   */
  private void preload(long wanted) throws Exception {
    long missing = Math.max(0, wanted - placed.size());
    if (missing == 0 || !readable.isEmpty() && wanted <= 2000) {
      return;
    }
    long t0 = System.nanoTime();
    AtomicLong left = new AtomicLong(missing);
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 32; i++) {
        vts.submit(
            () -> {
              while (left.getAndDecrement() > 0) {
                Call call = newOrder();
                HttpResponse<String> r = null;
                try {
                  r = engine.send(call.request());
                } catch (IOException e) {
                  // counted as missing below
                } finally {
                  call.completion().done(r);
                }
              }
              return null;
            });
      }
    }
    System.out.printf(
        Locale.ROOT,
        "setup: placed %d orders for the next scenario in %.1f s%n",
        missing,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * With the database server's autovacuum off (as on this project's test machines), no one
   * refreshes the planner's statistics while a run fills the tables: after a scenario that placed
   * tens of thousands of orders the next one would be planned for the near-empty tables of the
   * start (the restaurant board went from a 0.1 ms index scan to a bitmap scan and sort of every
   * order of the restaurant, and PostgreSQL took 1.3 cores at 300 lists/s). A deployment runs
   * autovacuum (the server warns at start if it is off); here the harness does its work: ANALYZE
   * before each scenario, said in the output.
   */
  private void refreshStatisticsIfNobodyElseDoes() throws SQLException {
    String url = options.string("db-url", null);
    if (url == null) {
      return;
    }
    try (Connection c =
            DriverManager.getConnection(url, options.string("db-user", "postgres"), null);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT current_setting('autovacuum')")) {
        rs.next();
        if (rs.getString(1).equals("on")) {
          return;
        }
      }
      long t0 = System.nanoTime();
      st.execute("ANALYZE");
      System.out.printf(
          Locale.ROOT,
          "setup: ANALYZE in %.1f s (this PostgreSQL's autovacuum is off, so nothing else refreshes the statistics)%n",
          (System.nanoTime() - t0) / 1e9);
    }
  }

  private Scenario orderRead() {
    return new Scenario() {
      @Override
      public String name() {
        return "order-read";
      }

      @Override
      public Optional<Call> next(long index) {
        return Optional.of(read());
      }
    };
  }

  private Call read() {
    Placed p = readable.get(ThreadLocalRandom.current().nextInt(readable.size()));
    return new Call(get("orders/" + p.id, p.restaurant.token), r -> {});
  }

  private Scenario restaurantList() {
    return new Scenario() {
      @Override
      public String name() {
        return "restaurant-list";
      }

      @Override
      public Optional<Call> next(long index) {
        return Optional.of(list());
      }
    };
  }

  Call list() {
    Restaurant r = restaurants.get(ThreadLocalRandom.current().nextInt(restaurants.size()));
    return new Call(get("restaurants/me/orders?limit=20", r.token), resp -> {});
  }

  private HttpRequest get(String path, String token) {
    return HttpRequest.newBuilder(api.resolve(path))
        .timeout(AuthBench.REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  /** The restaurant accepts a placed order (a state change: order row, event, audit record). */
  private Scenario accept() {
    return new Scenario() {
      @Override
      public String name() {
        return "accept";
      }

      @Override
      public Optional<Call> next(long index) {
        Placed p = placed.poll();
        if (p == null) {
          return Optional.empty();
        }
        HttpRequest req =
            HttpRequest.newBuilder(api.resolve("restaurants/me/orders/" + p.id + "/accept"))
                .timeout(AuthBench.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + p.restaurant.token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prep_minutes\":15}"))
                .build();
        return Optional.of(new Call(req, r -> {}));
      }
    };
  }

  /** 90% reads (60% an order by id, 30% a restaurant's board) and 10% new orders. */
  private Scenario mixed() {
    return new Scenario() {
      @Override
      public String name() {
        return "mixed";
      }

      @Override
      public Optional<Call> next(long index) {
        int d = ThreadLocalRandom.current().nextInt(10);
        return Optional.of(d == 0 ? newOrder() : d <= 6 ? read() : list());
      }
    };
  }

  private Scenario hello() {
    URI uri =
        URI.create(
            options.string("hello", "http://127.0.0.1:8089").replaceAll("/+$", "") + "/orders");
    return new Scenario() {
      @Override
      public String name() {
        return "hello";
      }

      @Override
      public Optional<Call> next(long index) {
        // The same request an order creation sends, to a route that does nothing with it.
        Call order = newOrderRequestOnly();
        return Optional.of(
            new Call(
                HttpRequest.newBuilder(uri)
                    .timeout(AuthBench.REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Idempotency-Secret", idempotencySecret())
                    .POST(order.request().bodyPublisher().orElseThrow())
                    .build(),
                r -> {}));
      }
    };
  }

  private static final java.security.SecureRandom SECRETS = new java.security.SecureRandom();

  /** A client's random secret for one Idempotency-Key: 32 bytes, base64url. */
  private static String idempotencySecret() {
    byte[] secret = new byte[32];
    SECRETS.nextBytes(secret);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  private Call newOrderRequestOnly() {
    Call c = newOrder();
    return new Call(c.request(), r -> {});
  }

  // ----- closed-loop capacity: N clients back to back

  private String capacity(String name, Scenario scenario) throws Exception {
    int clients = options.integer("capacity-clients", 64);
    int seconds = options.integer("capacity-seconds", 15);
    int warm = Math.max(3, seconds / 3);
    Histogram latency = new ConcurrentHistogram(60_000_000L, 3);
    LongAdder ok = new LongAdder();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long measureFrom = start + warm * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < clients; i++) {
        vts.submit(
            () -> {
              long now;
              while ((now = System.nanoTime()) < end) {
                Call call = scenario.next(0).orElseThrow();
                HttpResponse<String> r = null;
                try {
                  r = engine.send(call.request());
                } catch (IOException e) {
                  if (now >= measureFrom) {
                    errors.computeIfAbsent("I/O", k -> new LongAdder()).increment();
                  }
                } finally {
                  call.completion().done(r);
                }
                if (now >= measureFrom && r != null) {
                  latency.recordValue(Math.min(60_000_000L, (System.nanoTime() - now) / 1000));
                  if (r.statusCode() / 100 == 2) {
                    ok.increment();
                  } else {
                    errors
                        .computeIfAbsent(Integer.toString(r.statusCode()), k -> new LongAdder())
                        .increment();
                  }
                }
              }
              return null;
            });
      }
    }
    double perSecond = ok.sum() / (double) seconds;
    summary.put("capacity." + name, fmt(perSecond));
    String line =
        String.format(
            Locale.ROOT,
            "| %s | %.0f | %.2f | %.2f | %s |%n",
            name,
            perSecond,
            AuthBench.ms(latency, 50),
            AuthBench.ms(latency, 99),
            errors.isEmpty() ? "none" : errors.toString());
    System.out.print("capacity " + line);
    return line;
  }

  // ----- the check: the database must hold exactly what the server said it stored

  String check() throws SQLException {
    String url = options.string("db-url", null);
    StringBuilder sb =
        new StringBuilder("Correctness check (the database counted after the run)\n\n");
    List<String> failures = new ArrayList<>();
    long answered = created.sum();
    sb.append(
        String.format(
            Locale.ROOT,
            "- 201 answers: %d (%d of them to a creation sent again after a timeout);"
                + " distinct order ids among them: %d%n",
            answered,
            settled.sum(),
            createdIds.size()));
    if (duplicateIds.sum() > 0) {
      failures.add(duplicateIds.sum() + " order ids answered twice");
    }
    if (wrongTotals.sum() > 0) {
      failures.add(
          wrongTotals.sum() + " answers whose total is not the menu's price of what was ordered");
    }
    if (url == null) {
      sb.append("- no --db-url: the database was not counted\n");
    } else {
      String[] ids = restaurants.stream().map(Restaurant::id).toArray(String[]::new);
      try (Connection c =
          DriverManager.getConnection(url, options.string("db-user", "postgres"), null)) {
        var array = c.createArrayOf("uuid", ids);
        long orders = one(c, "SELECT count(*) FROM orders WHERE restaurant_id = ANY (?)", array);
        long distinctNumbers =
            one(
                c,
                "SELECT count(DISTINCT (restaurant_id, business_day, number)) FROM orders WHERE restaurant_id = ANY (?)",
                array);
        long total =
            one(
                c,
                "SELECT coalesce(sum(total), 0) FROM orders WHERE restaurant_id = ANY (?)",
                array);
        long badTotals =
            one(
                c,
                "SELECT count(*) FROM orders o WHERE restaurant_id = ANY (?) AND (o.total <> o.subtotal - o.discount"
                    + " OR o.subtotal <> (SELECT coalesce(sum(line_total), 0) FROM order_lines l WHERE l.order_id = o.id))",
                array);
        long events =
            one(
                c,
                "SELECT count(DISTINCT order_id) FROM order_events WHERE restaurant_id = ANY (?) AND type = 'order.created'",
                array);
        // A fresh database per run: every idempotency record is one of this run's orders (the
        // responses are encrypted).
        long keys =
            one(
                c,
                "SELECT count(*) FROM idempotency_keys WHERE status = 201 AND scope = ?",
                "anonymous");
        sb.append(
            String.format(
                Locale.ROOT,
                "- orders in the database: %d (numbers distinct: %d); sum of totals %d, answered %d%n",
                orders,
                distinctNumbers,
                total,
                createdTotal.sum()));
        sb.append(
            String.format(
                Locale.ROOT,
                "- orders whose lines do not add up to their total: %d; orders with a placed event"
                    + " in the outbox: %d; idempotency records naming them: %d%n",
                badTotals,
                events,
                keys));
        if (orders != answered) {
          failures.add("orders in the database " + orders + " != 201 answers " + answered);
        }
        if (distinctNumbers != orders) {
          failures.add("order numbers repeat");
        }
        if (total != createdTotal.sum()) {
          failures.add("sum of totals " + total + " != answered " + createdTotal.sum());
        }
        if (badTotals != 0) {
          failures.add(badTotals + " orders whose lines do not add up");
        }
        if (events != orders) {
          failures.add("outbox has placed events for " + events + " orders of " + orders);
        }
        if (keys != orders) {
          failures.add("idempotency records for " + keys + " orders of " + orders);
        }
        long stockWrong = 0;
        long stockItems = 0;
        for (Restaurant r : restaurants) {
          for (Item item : r.items) {
            if (item.stock == null) {
              continue;
            }
            stockItems++;
            long left = one(c, "SELECT stock FROM menu_items WHERE id = ?::uuid", item.id);
            LongAdder t = stockTaken.get(item.id);
            long expected = item.stock - (t == null ? 0 : t.sum());
            if (left != expected) {
              stockWrong++;
              if (stockWrong <= 3) {
                failures.add("stock of " + item.id + " is " + left + ", expected " + expected);
              }
            }
          }
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "- counted items whose stock is not start minus what the 201 answers took: %d of %d%n",
                stockWrong,
                stockItems));
      }
    }
    sb.append(
        failures.isEmpty()
            ? "- CHECK PASSED\n"
            : "- CHECK FAILED: " + String.join("; ", failures) + "\n");
    return sb.toString();
  }

  private static long one(Connection c, String sql, Object param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Optional<Long> optionalLong(String key) {
    String v = options.string(key, "");
    return v.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(v.strip()));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
