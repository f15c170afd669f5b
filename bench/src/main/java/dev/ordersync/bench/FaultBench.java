package dev.ordersync.bench;

import dev.ordersync.bench.AuthBench.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite: a server started as a process of its own, on a database reached through a
 * cuttable proxy and a Redis of the suite's own, under order load from clients that resend by key
 * ({@link ResendingClients}); then faults, one scenario after another, each printing its {@link
 * Figures} line:
 *
 * <ul>
 *   <li>{@code kill9}: the server killed with SIGKILL under load and started again on the same
 *       database and data folder, {@code --kills} times;
 *   <li>{@code pg-cut}: PostgreSQL gone for {@code --outage-seconds} behind the proxy (every
 *       connection closed, new ones refused, as while it restarts), {@code --pg-restarts} times;
 *   <li>{@code pg-restart}, {@code pg-crash}: with {@code --private-postgres true} (a PostgreSQL of
 *       the suite's own), that PostgreSQL restarted ({@code pg_ctl -m fast}) or crashed ({@code -m
 *       immediate}, then started: it replays its write-ahead log), {@code --pg-restarts} times;
 *   <li>{@code redis-outage}: the Redis killed for {@code --outage-seconds} and started again;
 *       orders and the live feed must keep flowing and health must say degraded, with status 200;
 *   <li>{@code connections}: {@code --idle-connections} idle and {@code --slow-connections}
 *       slow-header connections held for {@code --hold-seconds}, while {@code --board-readers} read
 *       restaurant boards back to back (more than the database pool's connections exhaust it): what
 *       happens to orders, reads and health.
 * </ul>
 *
 * After all scenarios the generator's own check ({@link OrderBench#check()}: orders, totals, stock,
 * outbox, idempotency records against the acknowledged answers) runs on the database. Exit status 3
 * if any scenario lost or duplicated an order, saw a 5xx other than 503, or failed its check.
 *
 * <pre>
 * java -jar ordersync-bench.jar faults --server-cp ordersync-server.jar --db-url JDBC_URL
 *      [--scenarios kill9,pg-cut,pg-restart,pg-crash,redis-outage,connections] [--private-postgres true] [--kills 5] [--pg-restarts 3]
 *      [--redis-outages 2] [--outage-seconds 3] [--load-seconds 5] [--clients 16] [--restaurants 4]
 *      [--give-up-seconds 120] [--replay-check 200] [--idle-connections 2000] [--slow-connections 200]
 *      [--board-readers 0] [--hold-seconds 10] [--db-user postgres] [--redis-server redis-server] [--work DIR]
 *      [--server-java-opts "..."] [--server-env K=V,K=V] [--out FILE]
 * </pre>
 */
final class FaultBench {
  private final Options options;
  private final Path work;
  private final SplittableRandom random = new SplittableRandom(16);

  /** The master key of the suite's deployment (decision 40): the same for every restart. */
  private final String masterKey = masterKey();

  private static String masterKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  private ServerProcess server;
  private long severeBefore;
  private long scenarioStart;
  private CuttableProxy proxy;
  private PrivateRedis redis;
  private PrivatePostgres postgres;
  private String dbUrl;
  private OrderBench orders;
  private String base;

  FaultBench(Options options) throws IOException {
    this.options = options;
    String dir = options.string("work", null);
    this.work =
        dir == null
            ? Files.createTempDirectory("ordersync-faults")
            : Files.createDirectories(Path.of(dir));
  }

  /** Runs the suite from the command line; the exit status. */
  static int main(Options options) throws Exception {
    Report report = new FaultBench(options).run();
    String out = options.string("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), report.text(), StandardCharsets.UTF_8);
    }
    return report.failed() ? 3 : 0;
  }

  /** Every scenario's figures and the generator's database check. */
  record Report(List<Figures> figures, String check) {
    boolean failed() {
      return figures.stream().anyMatch(Figures::failed) || check.contains("FAILED");
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      figures.forEach(f -> sb.append(f.line()).append('\n'));
      return sb.append('\n').append(check).toString();
    }
  }

  Report run() throws Exception {
    List<Figures> figures = new ArrayList<>();
    try {
      startEverything();
      for (String raw : options.string("scenarios", "kill9,redis-outage").split(",")) {
        Figures f =
            switch (raw.strip()) {
              case "kill9" -> kill9(options.integer("kills", 3));
              case "pg-cut" -> pgCut(options.integer("pg-restarts", 2));
              case "pg-restart" -> pgRestart(options.integer("pg-restarts", 2), "fast");
              case "pg-crash" -> pgRestart(options.integer("pg-restarts", 2), "immediate");
              case "redis-outage" -> redisOutage(options.integer("redis-outages", 1));
              case "connections" -> connections();
              default -> throw new IllegalArgumentException("unknown scenario " + raw);
            };
        System.out.println(f.line());
        figures.add(f);
      }
      String check = orders.check();
      System.out.println();
      System.out.print(check);
      System.out.println(
          "(the check's count of creations sent again is the benchmark's own after-run settling;"
              + " the fault clients' resends are in the FAULTS lines above)");
      System.out.println(generatorCpu());
      return new Report(figures, check);
    } finally {
      stopEverything();
    }
  }

  // ----- the server, its database proxy and its Redis

  private void startEverything() throws Exception {
    dbUrl = privatePostgresOrGiven();
    DbAddress hostPort = DbAddress.of(dbUrl);
    proxy = new CuttableProxy(hostPort.host(), hostPort.port());
    int redisPort = freePort();
    redis =
        new PrivateRedis(
            options.string("redis-server", "redis-server"), redisPort, work.resolve("redis.log"));
    redis.start();
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    server =
        new ServerProcess(
            options.string("java", ProcessHandle.current().info().command().orElse("java")),
            required("server-cp"),
            splitOptions(options.string("server-java-opts", "")),
            serverEnv(port, hostPort.viaProxy(proxy.port()), redis.url()),
            work.resolve("server.log"));
    long ms = server.start(startTimeout());
    System.out.printf("server started in %d ms (pid %d), logs in %s%n", ms, server.pid(), work);
    Map<String, String> o = new HashMap<>(options.values());
    o.put("base", base);
    o.put("db-url", dbUrl);
    orders = new OrderBench(new Options(o));
    orders.seed(options.integer("restaurants", 4), options.integer("items", 8));
  }

  /**
   * With {@code --private-postgres true}, a PostgreSQL of the suite's own (initdb, a free port) and
   * a database on it; else {@code --db-url}.
   */
  private String privatePostgresOrGiven() throws Exception {
    if (!Boolean.parseBoolean(options.string("private-postgres", "false"))) {
      return required("db-url");
    }
    postgres = PrivatePostgres.start(options.string("pg-bin", null), freePort());
    try (Connection c = DriverManager.getConnection(postgres.adminUrl(), "postgres", null);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE ordersync_faults");
    }
    System.out.println("a PostgreSQL of the suite's own: " + postgres.url("ordersync_faults"));
    return postgres.url("ordersync_faults");
  }

  private Map<String, String> serverEnv(int port, String dbUrl, String redisUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ORDERSYNC_HOST", "127.0.0.1");
    env.put("ORDERSYNC_PORT", Integer.toString(port));
    env.put("ORDERSYNC_DATA_DIR", work.resolve("data").toString());
    env.put("ORDERSYNC_DB_URL", dbUrl);
    env.put("ORDERSYNC_DB_USER", options.string("db-user", "postgres"));
    env.put("ORDERSYNC_MASTER_KEY", masterKey);
    String password = options.string("db-password", null);
    if (password != null) {
      env.put("ORDERSYNC_DB_PASSWORD", password);
    }
    env.put("ORDERSYNC_REDIS_URL", redisUrl);
    // Every client comes from 127.0.0.1: per-address limits would refuse the load, not the fault.
    env.put("ORDERSYNC_RATE_LIMITS", "off");
    env.put("ORDERSYNC_ACCESS_TOKEN_TTL", "PT2H");
    for (String kv : options.string("server-env", "").split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        env.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
      }
    }
    return env;
  }

  private void stopEverything() throws InterruptedException {
    if (server != null) {
      server.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("could not remove the private PostgreSQL: " + e.getMessage());
      }
    }
  }

  // ----- scenarios

  private Figures kill9(int kills) throws Exception {
    ResendingClients clients = clients();
    long before = ordersInDatabase();
    List<Long> restarts = new ArrayList<>();
    clients.start();
    for (int i = 0; i < kills; i++) {
      load();
      server.kill();
      ResendingClients.Fault f = clients.fault();
      restarts.add(server.start(startTimeout()));
      f.over();
    }
    load();
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("restart_ms(min/median/max)", minMedianMax(restarts));
    return figures("kill9", clients, before, extra, new ArrayList<>());
  }

  /**
   * The private PostgreSQL stopped ({@code fast}: a restart; {@code immediate}: a crash) and
   * started again under load; the error window runs from the moment it is down.
   */
  private Figures pgRestart(int restarts, String mode) throws Exception {
    if (postgres == null) {
      throw new IllegalArgumentException("pg-restart and pg-crash need --private-postgres true");
    }
    ResendingClients clients = clients();
    long before = ordersInDatabase();
    List<Long> downFor = new ArrayList<>();
    List<Long> recoveries = new ArrayList<>();
    clients.start();
    for (int i = 0; i < restarts; i++) {
      load();
      postgres.stop(mode);
      ResendingClients.Fault f = clients.fault();
      postgres.start();
      downFor.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - f.at));
      recoveries.add(untilHealth(r -> r != null && r.statusCode() == 200));
      f.over();
    }
    load();
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("postgres_down_ms(min/median/max)", minMedianMax(downFor));
    extra.put("ready_again_after_ms(min/median/max)", minMedianMax(recoveries));
    return figures(
        mode.equals("fast") ? "pg-restart" : "pg-crash", clients, before, extra, new ArrayList<>());
  }

  private Figures pgCut(int restarts) throws Exception {
    ResendingClients clients = clients();
    long before = ordersInDatabase();
    List<Long> recoveries = new ArrayList<>();
    Map<Integer, Long> health = new TreeMap<>();
    clients.start();
    for (int i = 0; i < restarts; i++) {
      load();
      proxy.cut();
      ResendingClients.Fault f = clients.fault();
      pollHealth(outage(), health, new ArrayList<>());
      proxy.restore();
      f.over();
      recoveries.add(untilHealth(r -> r != null && r.statusCode() == 200));
    }
    load();
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("outage_s", Long.toString(outage().toSeconds()));
    extra.put("health_during_outage", health.toString());
    extra.put("ready_again_after_ms(min/median/max)", minMedianMax(recoveries));
    return figures("pg-cut", clients, before, extra, new ArrayList<>());
  }

  private Figures redisOutage(int outages) throws Exception {
    ResendingClients clients = clients();
    long before = ordersInDatabase();
    List<String> failures = new ArrayList<>();
    Map<Integer, Long> health = new TreeMap<>();
    List<String> bodies = new ArrayList<>();
    List<Long> recoveries = new ArrayList<>();
    long liveDuring = 0;
    long acksDuring = 0;
    try (LiveFeed feed = new LiveFeed(base, orders.restaurants().getFirst().token())) {
      clients.start();
      for (int i = 0; i < outages; i++) {
        load();
        redis.kill();
        ResendingClients.Fault f = clients.fault();
        long live0 = feed.created();
        pollHealth(outage(), health, bodies);
        liveDuring += feed.created() - live0;
        f.over();
        acksDuring += f.acksDuring.sum();
        redis.start();
        recoveries.add(untilHealth(r -> r != null && !r.body().contains("degraded")));
      }
      load();
      if (feed.closeCode() != 0) {
        failures.add("the live feed was closed (" + feed.closeCode() + ")");
      }
    }
    checkDegraded(health, bodies, failures);
    if (liveDuring == 0) {
      failures.add("no live event reached the feed during the outage");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("outage_s", Long.toString(outage().toSeconds()));
    extra.put("acknowledged_during_outage", Long.toString(acksDuring));
    extra.put("live_events_during_outage", Long.toString(liveDuring));
    extra.put("health_during_outage", health.toString());
    extra.put("up_again_after_ms(min/median/max)", minMedianMax(recoveries));
    return figures("redis-outage", clients, before, extra, failures);
  }

  private static void checkDegraded(
      Map<Integer, Long> health, List<String> bodies, List<String> failures) {
    if (health.keySet().stream().anyMatch(s -> s != 200)) {
      failures.add("health was not 200 during the Redis outage: " + health);
    }
    if (bodies.stream().noneMatch(b -> b.contains("degraded"))) {
      failures.add("health never said degraded during the Redis outage");
    }
  }

  private Figures connections() throws Exception {
    ResendingClients clients = clients();
    long before = ordersInDatabase();
    Map<Integer, Long> health = new TreeMap<>();
    Map<String, String> extra = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    clients.start();
    load();
    int idle = options.integer("idle-connections", 2000);
    int slow = options.integer("slow-connections", 200);
    ResendingClients.Fault f = clients.fault();
    long t0 = System.nanoTime();
    try (ConnectionFlood flood = new ConnectionFlood(portOf(base), idle, slow)) {
      extra.put("opened", flood.opened() + " of " + (idle + slow));
      extra.put("open_ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
      BoardBurst burst = new BoardBurst(orders, options.integer("board-readers", 0));
      long slowest;
      try (burst) {
        slowest = pollHealth(holdTime(), health, new ArrayList<>());
      }
      extra.put("closed_by_server_while_held", Long.toString(flood.closedByServer()));
      extra.put("slowest_health_ms", Long.toString(slowest));
      extra.put("board_reads_while_held", burst.answers().toString());
      if (burst.serverErrors() > 0) {
        failures.add(burst.serverErrors() + " board reads answered 5xx other than 503");
      }
    }
    f.over();
    extra.put("acknowledged_while_held", Long.toString(f.acksDuring.sum()));
    extra.put("health_while_held", health.toString());
    load();
    return figures("connections", clients, before, extra, failures);
  }

  private Duration holdTime() {
    return Duration.ofSeconds(options.integer("hold-seconds", 10));
  }

  // ----- measuring

  /**
   * The generator's own CPU (not its children's: the server and Redis), for the figures' context.
   */
  private static String generatorCpu() {
    double cpu =
        ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(-1.0);
    double wall =
        (System.currentTimeMillis()
                - ProcessHandle.current()
                    .info()
                    .startInstant()
                    .map(i -> i.toEpochMilli())
                    .orElse(0L))
            / 1e3;
    return String.format(
        java.util.Locale.ROOT,
        "generator JVM: %.1f s of CPU in %.0f s (%.2f cores on average)",
        cpu,
        wall,
        cpu / wall);
  }

  private ResendingClients clients() throws IOException {
    severeBefore = server.severeLines();
    scenarioStart = System.nanoTime();
    return new ResendingClients(
        orders,
        options.integer("clients", 16),
        Duration.ofSeconds(options.integer("give-up-seconds", 120)));
  }

  /** Stops the clients (each finishes its order) and counts the database against what they saw. */
  private Figures figures(
      String name,
      ResendingClients clients,
      long before,
      Map<String, String> extra,
      List<String> failures)
      throws Exception {
    int stuck = clients.stop();
    if (stuck > 0) {
      failures.add(stuck + " clients still running after the give-up time");
    }
    List<ResendingClients.Acked> acked = clients.acked();
    long found = ordersFound(acked.stream().map(ResendingClients.Acked::id).toList());
    long added = ordersInDatabase() - before;
    double seconds = (System.nanoTime() - scenarioStart) / 1e9;
    extra.put("seconds", String.format(java.util.Locale.ROOT, "%.0f", seconds));
    extra.put(
        "acknowledged_per_s", String.format(java.util.Locale.ROOT, "%.0f", acked.size() / seconds));
    long[] replays = clients.replayCheck(options.integer("replay-check", 200));
    long lost = acked.size() - found;
    // Every client's last order was settled before counting, so each order in the database beyond
    // the acknowledged ones (and those given up or refused, whose fate the client does not know) is
    // a second order for one key.
    long duplicated =
        Math.max(0, added - acked.size() - clients.unresolved() - clients.refused()) + replays[1];
    return new Figures(
        name,
        clients.faults().size(),
        acked.size(),
        lost,
        duplicated,
        clients.replayed(),
        clients.unresolved(),
        clients.refused(),
        clients.serverErrors(),
        replays[0],
        clients.faults().stream().map(ResendingClients.Fault::windowMs).toList(),
        clients.errors(),
        server.severeLines() - severeBefore,
        extra,
        failures);
  }

  /** Polls health every 250 ms for {@code d}; statuses counted (0 = no answer), the slowest ms. */
  private long pollHealth(Duration d, Map<Integer, Long> statuses, List<String> bodies)
      throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    long slowest = 0;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = server.health();
      slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      statuses.merge(r == null ? 0 : r.statusCode(), 1L, Long::sum);
      if (r != null) {
        bodies.add(r.body());
      }
      Thread.sleep(250);
    }
    return slowest;
  }

  /** Ms until health answers as {@code ok} says (at most a minute; -1 if it never does). */
  private long untilHealth(java.util.function.Predicate<HttpResponse<String>> ok)
      throws InterruptedException {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(1)) {
      if (ok.test(server.health())) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      }
      Thread.sleep(50);
    }
    return -1;
  }

  /** Load between faults: {@code --load-seconds}, from half to one and a half times it. */
  private void load() throws InterruptedException {
    long ms = options.integer("load-seconds", 5) * 1000L;
    Thread.sleep(ms / 2 + random.nextLong(Math.max(1, ms)));
  }

  private Duration outage() {
    return Duration.ofSeconds(options.integer("outage-seconds", 3));
  }

  private Duration startTimeout() {
    return Duration.ofSeconds(options.integer("start-timeout", 180));
  }

  private long ordersInDatabase() throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM orders WHERE restaurant_id = ANY (?)")) {
      ps.setArray(
          1,
          c.createArrayOf(
              "uuid",
              orders.restaurants().stream().map(OrderBench.Restaurant::id).toArray(String[]::new)));
      return one(ps);
    }
  }

  private long ordersFound(List<String> ids) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM orders WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray(String[]::new)));
      return one(ps);
    }
  }

  private static long one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        dbUrl, options.string("db-user", "postgres"), options.string("db-password", null));
  }

  private String required(String key) {
    String v = options.string(key, null);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  private static String minMedianMax(List<Long> values) {
    List<Long> v = values.stream().sorted().toList();
    return v.isEmpty() ? "-" : v.getFirst() + "/" + v.get(v.size() / 2) + "/" + v.getLast();
  }

  private static List<String> splitOptions(String s) {
    return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
  }

  private static int portOf(String base) {
    return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The host and port of a jdbc:postgresql://HOST:PORT/DB URL, and the same URL via a proxy. */
  private record DbAddress(String url, String host, int port) {
    static DbAddress of(String url) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/").matcher(url);
      if (!m.find()) {
        throw new IllegalArgumentException("--db-url must be jdbc:postgresql://HOST[:PORT]/DB");
      }
      return new DbAddress(
          url, m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    }

    String viaProxy(int proxyPort) {
      return url.replaceFirst(
          "^jdbc:postgresql://[^/]+/", "jdbc:postgresql://127.0.0.1:" + proxyPort + "/");
    }
  }
}
