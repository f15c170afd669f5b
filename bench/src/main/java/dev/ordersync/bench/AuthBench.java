package dev.ordersync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An open-loop load generator for the auth routes of a running OrderSync server, and an in-process
 * measurement of one Argon2id hash. Run by {@code bench/run-auth.sh}; see {@code
 * docs/benchmarks.md}.
 *
 * <p>Open loop: request {@code i} of a phase is due at {@code start + i / rate}, whatever happened
 * to the requests before it. A scheduler thread wakes at each due time and hands the request to a
 * new virtual thread, which sends it and records the time from the <em>intended</em> send time to
 * the complete response. A server (or a client) that stalls therefore shows its stall in the
 * latency of every request that was due meanwhile, instead of silently sending fewer requests
 * (coordinated omission).
 *
 * <pre>
 * java -jar bench/target/ordersync-bench.jar argon2 [--warmup 30] [--hashes 100] [--threads 1]
 * java -jar bench/target/ordersync-bench.jar auth --base http://127.0.0.1:PORT [--scenarios me,refresh,login]
 *      [--warmup 30] [--duration 30] [--me-rate 500] [--refresh-rate 500] [--login-rate 10] [--login-warmup 10]
 *      [--me-users 200] [--refresh-users 1000] [--login-users 100] [--setup-parallelism 4] [--clients 1]
 *      [--client-executor direct|virtual|default] [--ramp-from 0.1] [--forwarded-for true]
 *      [--server-pid PID] [--postgres-pid PID] [--out results.md]
 * </pre>
 */
public final class AuthBench {
  private static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Latencies are recorded in microseconds, up to a minute, to 3 significant digits. */
  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

  private AuthBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      usage(System.out);
      return;
    }
    Options options = Options.parse(args, 1);
    switch (args[0]) {
      case "argon2" -> Argon2Cost.run(options);
      case "auth" -> new AuthRun(options).run();
      case "orders" -> System.exit(new OrderBench(options).run());
      case "faults" -> System.exit(FaultBench.main(options));
      case "hello" -> HelloServer.main(options);
      case "notifications" -> System.exit(NotificationBench.run(options));
      case "ws" -> WsBench.run(args);
      case "scale-out" -> System.exit(ScaleOutBench.run(options));
      default -> {
        usage(System.err);
        System.exit(2);
      }
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: ordersync-bench argon2 [--warmup 30] [--hashes 100] [--threads 1]");
    out.println(
        "       ordersync-bench auth --base http://127.0.0.1:PORT [--scenarios me,refresh,login]");
    out.println(
        "            [--warmup 30] [--duration 30] [--me-rate 500] [--refresh-rate 500] [--login-rate 10]");
    out.println("            [--SCENARIO-warmup S (default: --warmup; login: at most 10)]");
    out.println(
        "            [--me-users 200] [--refresh-users 1000] [--login-users 100] [--setup-parallelism 4]");
    out.println("            [--clients 1] [--server-pid PID] [--postgres-pid PID] [--out FILE]");
    out.println(
        "       ordersync-bench ws --base http://127.0.0.1:PORT [--sockets 10000] [--restaurants 20] [--rate 200]");
    out.println(
        "            [--warmup 10] [--duration 60] [--clients 4] [--connect-parallelism 200] [--server-pid PID]");
    out.println("            [--out FILE]");
    out.println(
        "       ordersync-bench faults --server-cp SERVER_JAR --db-url JDBC_URL [--scenarios kill9,...]");
    out.println("            (bench/faults.sh; it starts the server itself: see FaultBench)");
    out.println(
        "Runs against a server that is already running; bench/run-auth.sh and bench/run-ws.sh start one.");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Options

  record Options(Map<String, String> values) {
    static Options parse(String[] args, int from) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = from; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument: " + a);
        }
        String key = a.substring(2);
        String value;
        int eq = key.indexOf('=');
        if (eq >= 0) {
          value = key.substring(eq + 1);
          key = key.substring(0, eq);
        } else {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + key + " needs a value");
          }
          value = args[++i];
        }
        values.put(key, value);
      }
      return new Options(values);
    }

    String string(String key, String fallback) {
      return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
      return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    double number(String key, double fallback) {
      return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Argon2id, in process

  /**
   * The cost of one Argon2id hash at the server's parameters, measured with BouncyCastle directly.
   */
  static final class Argon2Cost {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    static void run(Options options) throws Exception {
      int warmup = options.integer("warmup", 30);
      int hashes = options.integer("hashes", 100);
      int threads = options.integer("threads", 1);
      System.out.printf(
          Locale.ROOT,
          "Argon2id (BouncyCastle %s): m=%d KiB (19 MiB), t=%d, p=%d, 16-byte salt, 32-byte output; %d warm-up + %d"
              + " measured hashes on %d thread(s)%n",
          bouncyCastleVersion(),
          MEMORY_KIB,
          ITERATIONS,
          PARALLELISM,
          warmup,
          hashes,
          threads);
      for (int i = 0; i < warmup; i++) {
        hashOnce(i);
      }
      Histogram h = new ConcurrentHistogram(MAX_MICROS, 3);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      long gcCount0 = AuthRun.gcCount();
      long gcMillis0 = AuthRun.gcMillis();
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < hashes) {
                    long t0 = System.nanoTime();
                    hashOnce(i);
                    h.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - t0) / 1_000));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          Locale.ROOT,
          "argon2id threads=%d hashes=%d  mean %.1f ms  p50 %.1f ms  p99 %.1f ms  max %.1f ms  throughput %.1f hashes/s"
              + "  (GC meanwhile: %d collections, %d ms)%n",
          threads,
          hashes,
          h.getMean() / 1000.0,
          ms(h, 50),
          ms(h, 99),
          h.getMaxValue() / 1000.0,
          hashes / seconds,
          AuthRun.gcCount() - gcCount0,
          AuthRun.gcMillis() - gcMillis0);
    }

    private static void hashOnce(int i) {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      Argon2Parameters params =
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withMemoryAsKB(MEMORY_KIB)
              .withIterations(ITERATIONS)
              .withParallelism(PARALLELISM)
              .withSalt(salt)
              .build();
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(params);
      byte[] out = new byte[32];
      generator.generateBytes(("benchmark password " + i).getBytes(StandardCharsets.UTF_8), out);
    }

    private static String bouncyCastleVersion() {
      return new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The HTTP run

  /**
   * One benchmark account: its credentials and its current tokens (a refresh chain is one session).
   */
  static final class BenchUser {
    final String email;
    final String password;

    /** A made-up client address (10.x.y.z), sent as X-Forwarded-For only with --forwarded-for. */
    final String address;

    volatile String accessToken;
    volatile String refreshToken;

    BenchUser(String email, String password, int index) {
      this.email = email;
      this.password = password;
      this.address =
          "10." + ((index >> 16) & 255) + "." + ((index >> 8) & 255) + "." + (index & 255);
    }
  }

  /**
   * What one scenario sends: the next request at its due time (empty when no virtual user is free).
   */
  interface Scenario {
    String name();

    Optional<Call> next(long index);
  }

  /**
   * One request, and what to do with its answer (e.g. keep the new refresh token, free the virtual
   * user).
   */
  record Call(HttpRequest request, Completion completion) {}

  interface Completion {
    /**
     * Called exactly once: with the response, or with null when there was none (timeout, I/O
     * error).
     */
    void done(HttpResponse<String> response);
  }

  static final class AuthRun {
    private final Options options;
    private final URI api;
    private final HttpClient[] clients;
    private final AtomicLong clientTurn = new AtomicLong();
    private final String runId = HexFormat.of().formatHex(randomBytes(4));
    private final List<BenchUser> users = new ArrayList<>();
    private final boolean forwardedFor;
    private final Semaphore connections;

    AuthRun(Options options) {
      this.options = options;
      this.connections = new Semaphore(options.integer("connections", 512));
      // With rate limits on, a server that trusts X-Forwarded-For
      // (ORDERSYNC_TRUST_FORWARDED_FOR=true) sees each
      // virtual user as a client of its own, as in production, instead of one address over every
      // limit.
      this.forwardedFor = Boolean.parseBoolean(options.string("forwarded-for", "false"));
      String base = options.string("base", null);
      if (base == null) {
        throw new IllegalArgumentException("--base http://127.0.0.1:PORT is required");
      }
      this.api = URI.create(base.replaceAll("/+$", "") + "/api/v1/");
      int n = Math.max(1, options.integer("clients", 1));
      this.clients = new HttpClient[n];
      // One HttpClient keeps a pool of HTTP/1.1 connections (a new one whenever none is idle). Its
      // executor runs the
      // client's own completion steps; "direct" runs them on its selector thread, which cost the
      // least client CPU in
      // the calibration on 2 cores (docs/benchmarks.md). Response bodies are read as strings:
      // nothing blocks there.
      String executor = options.string("client-executor", "direct");
      for (int i = 0; i < n; i++) {
        HttpClient.Builder b = HttpClient.newBuilder();
        switch (executor) {
          case "virtual" -> b.executor(Executors.newVirtualThreadPerTaskExecutor());
          case "direct" -> b.executor(Runnable::run);
          default -> {}
        }
        clients[i] =
            b.version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
      }
    }

    void run() throws Exception {
      List<String> scenarios = List.of(options.string("scenarios", "me,refresh,login").split(","));
      int warmup = options.integer("warmup", 30);
      int duration = options.integer("duration", 30);
      int meUsers = options.integer("me-users", 200);
      int refreshUsers = options.integer("refresh-users", 1000);
      int loginUsers = options.integer("login-users", 100);
      Pids pids = new Pids(optionalLong("server-pid"), optionalLong("postgres-pid"));

      int accounts = 0;
      int sessions = 0;
      if (scenarios.contains("me")) {
        accounts = Math.max(accounts, meUsers);
        sessions = Math.max(sessions, meUsers);
      }
      if (scenarios.contains("refresh")) {
        accounts = Math.max(accounts, refreshUsers);
        sessions = Math.max(sessions, refreshUsers);
      }
      if (scenarios.contains("login")) {
        accounts = Math.max(accounts, loginUsers);
      }
      setUp(accounts, sessions, options.integer("setup-parallelism", 4));

      List<Result> results = new ArrayList<>();
      for (String s : scenarios) {
        Scenario scenario =
            switch (s.strip()) {
              case "me" -> me(meUsers);
              case "refresh" -> refresh(refreshUsers);
              case "login" -> login(loginUsers);
              case "jwks" -> jwks();
              default -> throw new IllegalArgumentException("unknown scenario: " + s);
            };
        double rate = options.number(s.strip() + "-rate", s.strip().equals("login") ? 10 : 500);
        // The goals of the auth issue; jwks is only a calibration (the floor of client + server on
        // this machine).
        double goalMs =
            switch (s.strip()) {
              case "login" -> 200;
              case "jwks" -> Double.NaN;
              default -> 20;
            };
        // Login's hot path (Argon2id) is already compiled by the setup, which hashed for every
        // account.
        int scenarioWarmup =
            options.integer(
                s.strip() + "-warmup", s.strip().equals("login") ? Math.min(warmup, 10) : warmup);
        results.add(runScenario(scenario, rate, scenarioWarmup, duration, goalMs, pids));
      }
      String table = table(results, duration);
      System.out.println();
      System.out.print(table);
      String out = options.string("out", null);
      if (out != null) {
        Files.writeString(Path.of(out), table, StandardCharsets.UTF_8);
      }
    }

    private Optional<Long> optionalLong(String key) {
      String v = options.string(key, "");
      return v.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(v.strip()));
    }

    // ----- setup: accounts and sessions, through the API

    private void setUp(int accounts, int sessions, int parallelism) throws Exception {
      for (int i = 0; i < accounts; i++) {
        users.add(
            new BenchUser(
                String.format(Locale.ROOT, "bench-%s-%04d@example.com", runId, i),
                "bench pw " + runId + " " + i + " zq",
                i));
      }
      System.out.printf(
          Locale.ROOT,
          "setup: registering %d accounts and logging %d of them in (%d in parallel; each costs one Argon2id hash)%n",
          accounts,
          sessions,
          parallelism);
      long t0 = System.nanoTime();
      Semaphore permits = new Semaphore(parallelism);
      AtomicInteger done = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < accounts; i++) {
          BenchUser u = users.get(i);
          boolean logIn = i < sessions;
          permits.acquire();
          vts.submit(
              () -> {
                try {
                  HttpResponse<String> r =
                      send(
                          post(
                              "auth/register",
                              "{\"email\":\""
                                  + u.email
                                  + "\",\"password\":\""
                                  + u.password
                                  + "\",\"name\":\"Bench User\",\"role\":\"CUSTOMER\"}",
                              u));
                  if (r.statusCode() != 201) {
                    failures.add("register " + r.statusCode() + " " + r.body());
                    return null;
                  }
                  if (logIn) {
                    r = send(loginRequest(u));
                    if (r.statusCode() != 200) {
                      failures.add("login " + r.statusCode() + " " + r.body());
                      return null;
                    }
                    u.accessToken = group(ACCESS, r.body());
                    u.refreshToken = group(REFRESH, r.body());
                  }
                  int n = done.incrementAndGet();
                  if (n % 200 == 0) {
                    System.out.printf(
                        Locale.ROOT,
                        "setup: %d/%d (%.0f s)%n",
                        n,
                        accounts,
                        (System.nanoTime() - t0) / 1e9);
                  }
                  return null;
                } catch (IOException | RuntimeException e) {
                  failures.add(e.toString());
                  return null;
                } finally {
                  permits.release();
                }
              });
        }
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException(
            failures.size() + " setup requests failed, e.g. " + failures.peek());
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "setup: done in %.1f s (%.1f Argon2id-hashing requests/s)%n",
          s,
          (accounts + sessions) / s);
    }

    // ----- scenarios

    /**
     * A calibration: the cheapest public route (no database, no crypto), to show the floor of
     * server + client.
     */
    private Scenario jwks() {
      URI uri = api.resolve("/.well-known/jwks.json");
      return new Scenario() {
        @Override
        public String name() {
          return "jwks";
        }

        @Override
        public Optional<Call> next(long index) {
          return Optional.of(
              new Call(
                  HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(), r -> {}));
        }
      };
    }

    private Scenario me(int n) {
      List<BenchUser> pool = users.subList(0, n);
      return new Scenario() {
        @Override
        public String name() {
          return "me";
        }

        @Override
        public Optional<Call> next(long index) {
          BenchUser u = pool.get((int) (index % pool.size()));
          HttpRequest req =
              from(u, HttpRequest.newBuilder(api.resolve("auth/me")))
                  .timeout(REQUEST_TIMEOUT)
                  .header("Authorization", "Bearer " + u.accessToken)
                  .GET()
                  .build();
          return Optional.of(new Call(req, r -> {}));
        }
      };
    }

    /**
     * Each virtual user owns one session's refresh-token chain and has at most one refresh of it in
     * flight: a user is taken from the idle queue when its request is due and put back (with its
     * new token) when the answer came. A user whose refresh failed leaves the pool (its chain is
     * dead) and the failure is counted.
     */
    private Scenario refresh(int n) {
      ConcurrentLinkedQueue<BenchUser> idle = new ConcurrentLinkedQueue<>(users.subList(0, n));
      return new Scenario() {
        @Override
        public String name() {
          return "refresh";
        }

        @Override
        public Optional<Call> next(long index) {
          BenchUser u = idle.poll();
          if (u == null) {
            return Optional.empty();
          }
          HttpRequest req =
              post("auth/refresh", "{\"refresh_token\":\"" + u.refreshToken + "\"}", u);
          return Optional.of(
              new Call(
                  req,
                  r -> {
                    if (r != null && r.statusCode() == 200) {
                      u.accessToken = group(ACCESS, r.body());
                      u.refreshToken = group(REFRESH, r.body());
                      idle.add(u);
                    }
                  }));
        }
      };
    }

    private Scenario login(int n) {
      List<BenchUser> pool = users.subList(0, n);
      return new Scenario() {
        @Override
        public String name() {
          return "login";
        }

        @Override
        public Optional<Call> next(long index) {
          return Optional.of(
              new Call(loginRequest(pool.get((int) (index % pool.size()))), r -> {}));
        }
      };
    }

    // ----- the open loop

    Result runScenario(
        Scenario scenario, double rate, int warmupSeconds, int seconds, double goalMs, Pids pids)
        throws InterruptedException {
      Schedule schedule =
          new Schedule(rate, options.number("ramp-from", 0.1), warmupSeconds, seconds);
      long warmupCount = schedule.warmupCount();
      long total = schedule.total();
      System.out.printf(
          Locale.ROOT,
          "%s: %d s warm-up (discarded; rate rising from %.0f to %.0f req/s in %.0f s, then held) + %d s measured at %.0f"
              + " req/s, open loop%n",
          scenario.name(),
          warmupSeconds,
          schedule.startRate(),
          rate,
          schedule.rampSeconds(),
          seconds,
          rate);

      Stats warm = new Stats(0);
      Stats measured = new Stats(seconds);
      LongAdder inFlight = new LongAdder();
      AtomicLong maxInFlight = new AtomicLong();
      CpuSample cpuStart = null;
      long gcStartCount = gcCount();
      long gcStartMillis = gcMillis();
      long maxLateNanos = 0;

      Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
      long start = System.nanoTime() + 20_000_000L;
      measured.origin = start + schedule.offsetNanos(warmupCount);
      measured.sampleStealPerSlice();
      for (long i = 0; i < total; i++) {
        long due = start + schedule.offsetNanos(i);
        long now;
        while ((now = System.nanoTime()) < due) {
          LockSupport.parkNanos(due - now);
        }
        maxLateNanos = i >= warmupCount ? Math.max(maxLateNanos, now - due) : maxLateNanos;
        if (i == warmupCount) {
          cpuStart = CpuSample.take(pids);
          gcStartCount = gcCount();
          gcStartMillis = gcMillis();
        }
        Stats stats = i < warmupCount ? warm : measured;
        long index = i;
        inFlight.increment();
        maxInFlight.accumulateAndGet(inFlight.sum(), Math::max);
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    execute(scenario, index, due, stats);
                  } finally {
                    inFlight.decrement();
                  }
                });
      }
      long scheduleEnd = start + schedule.offsetNanos(total);
      while (System.nanoTime() < scheduleEnd) {
        LockSupport.parkNanos(scheduleEnd - System.nanoTime());
      }
      CpuSample cpuEnd = CpuSample.take(pids);
      long gcCount = gcCount() - gcStartCount;
      long gcMillis = gcMillis() - gcStartMillis;
      // Let the last requests finish (each is bounded by the request timeout once on the wire;
      // those still waiting for
      // one of the --connections drain at the server's pace), so that the next phase starts on an
      // idle server.
      long drainUntil = System.nanoTime() + REQUEST_TIMEOUT.toNanos() + 120_000_000_000L;
      while (inFlight.sum() > 0 && System.nanoTime() < drainUntil) {
        Thread.sleep(10);
      }
      Result result =
          new Result(
              scenario.name(),
              rate,
              seconds,
              goalMs,
              measured,
              CpuSample.between(cpuStart, cpuEnd),
              gcCount,
              gcMillis,
              maxInFlight.get(),
              maxLateNanos / 1e6,
              warm,
              warmupSeconds);
      System.out.println("  " + result.oneLine());
      return result;
    }

    private void execute(Scenario scenario, long index, long due, Stats stats) {
      Optional<Call> call = scenario.next(index);
      if (call.isEmpty()) {
        stats.sent.increment();
        stats.error("no idle virtual user");
        stats.record(due, 0);
        return;
      }
      stats.sent.increment();
      HttpResponse<String> response = null;
      try {
        response = send(call.get().request());
        stats.record(due, (System.nanoTime() - due) / 1_000);
        if (response.statusCode() / 100 == 2) {
          stats.ok.increment();
        } else {
          Matcher m = CODE.matcher(response.body());
          stats.error(response.statusCode() + (m.find() ? " " + m.group(1) : ""));
        }
      } catch (HttpTimeoutException e) {
        stats.record(due, (System.nanoTime() - due) / 1_000);
        stats.error("timeout");
      } catch (IOException e) {
        stats.record(due, (System.nanoTime() - due) / 1_000);
        stats.error("I/O " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stats.error("interrupted");
      } finally {
        call.get().completion().done(response);
      }
    }

    // ----- HTTP helpers

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
      HttpClient client = clients[(int) (clientTurn.getAndIncrement() % clients.length)];
      // The JDK client opens a new HTTP/1.1 connection for every request in flight beyond its idle
      // ones; behind a
      // stalled server that is thousands of sockets, and the generator fails with I/O errors
      // instead of measuring.
      // Like a real client's pool, at most --connections requests are on the wire; the others wait
      // here, and their
      // wait counts in their latency (measured from the intended send time), so nothing is omitted.
      connections.acquire();
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } finally {
        connections.release();
      }
    }

    private HttpRequest.Builder from(BenchUser u, HttpRequest.Builder b) {
      return forwardedFor ? b.header("X-Forwarded-For", u.address) : b;
    }

    private HttpRequest post(String path, String json, BenchUser u) {
      return from(u, HttpRequest.newBuilder(api.resolve(path)))
          .timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json))
          .build();
    }

    private HttpRequest loginRequest(BenchUser u) {
      return post(
          "auth/login", "{\"email\":\"" + u.email + "\",\"password\":\"" + u.password + "\"}", u);
    }

    private static String group(Pattern p, String body) {
      Matcher m = p.matcher(body);
      if (!m.find()) {
        throw new IllegalStateException("no " + p.pattern() + " in " + body);
      }
      return m.group(1);
    }

    static long gcCount() {
      long n = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        n += Math.max(0, gc.getCollectionCount());
      }
      return n;
    }

    static long gcMillis() {
      long n = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        n += Math.max(0, gc.getCollectionTime());
      }
      return n;
    }
  }

  /**
   * When each request is due. The warm-up first ramps the rate up linearly from {@code startRate}
   * to {@code rate} over its first half (a cold JIT is not hit at full rate at once), then holds
   * {@code rate} for its second half, so that the JIT and the connection pools settle at full rate
   * before anything is measured; the measured seconds follow at {@code rate}. Request {@code i} is
   * due at the time {@code t} where the cumulative count reaches {@code i}.
   */
  record Schedule(double rate, double rampFrom, int warmupSeconds, int seconds) {
    double startRate() {
      return warmupSeconds == 0 ? rate : rate * Math.min(1, Math.max(0, rampFrom));
    }

    double rampSeconds() {
      return warmupSeconds / 2.0;
    }

    /** Requests due during the ramp. */
    double rampCount() {
      return rampSeconds() * (startRate() + rate) / 2;
    }

    long warmupCount() {
      return Math.round(rampCount() + rate * (warmupSeconds - rampSeconds()));
    }

    long total() {
      return warmupCount() + Math.round(rate * seconds);
    }

    long offsetNanos(long i) {
      double t;
      if (i >= warmupCount()) {
        t = warmupSeconds + (i - warmupCount()) / rate;
      } else if (i >= rampCount()) {
        t = rampSeconds() + (i - rampCount()) / rate;
      } else {
        double r0 = startRate();
        double a = (rate - r0) / (2.0 * rampSeconds());
        t = a == 0 ? i / rate : (-r0 + Math.sqrt(r0 * r0 + 4 * a * i)) / (2 * a);
      }
      return Math.round(t * 1e9);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Results

  static final class Stats {
    static final long SLICE_NANOS = 5_000_000_000L;
    final Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);

    /**
     * The same latencies cut into 5-second slices of intended send time, to show warm-up effects
     * and stalls.
     */
    final Histogram[] slices;

    long origin;

    /**
     * Cores taken by the hypervisor's other guests in each slice (-1 until measured): stalls here
     * show up as latency.
     */
    final double[] stolen;

    Stats(int seconds) {
      slices =
          new Histogram
              [(int) Math.max(0, (seconds * 1_000_000_000L + SLICE_NANOS - 1) / SLICE_NANOS)];
      stolen = new double[slices.length];
      java.util.Arrays.fill(stolen, -1);
      for (int i = 0; i < slices.length; i++) {
        slices[i] = new ConcurrentHistogram(MAX_MICROS, 3);
      }
    }

    void record(long due, long micros) {
      long v = Math.max(0, Math.min(MAX_MICROS, micros));
      latency.recordValue(v);
      int slice = (int) ((due - origin) / SLICE_NANOS);
      if (slice >= 0 && slice < slices.length) {
        slices[slice].recordValue(v);
      }
    }

    /**
     * Samples the machine's steal time at each slice boundary, on a thread of its own, until the
     * last slice ends.
     */
    void sampleStealPerSlice() {
      Thread.ofPlatform()
          .daemon()
          .name("steal-sampler")
          .start(
              () -> {
                long[] previous = null;
                for (int k = 0; k <= slices.length; k++) {
                  long at = origin + k * SLICE_NANOS;
                  long now;
                  while ((now = System.nanoTime()) < at) {
                    LockSupport.parkNanos(at - now);
                  }
                  long[] m = CpuSample.machine();
                  if (previous != null && m[1] > previous[1] && m[2] >= 0) {
                    stolen[k - 1] =
                        (double) (m[2] - previous[2])
                            / (m[1] - previous[1])
                            * Runtime.getRuntime().availableProcessors();
                  }
                  previous = m;
                }
              });
    }

    String sliceStolen() {
      StringBuilder sb = new StringBuilder();
      for (double v : stolen) {
        sb.append(sb.isEmpty() ? "" : " ")
            .append(v < 0 ? "?" : String.format(Locale.ROOT, "%.2f", v));
      }
      return sb.toString();
    }

    String sliceP99s() {
      StringBuilder sb = new StringBuilder();
      for (Histogram h : slices) {
        sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f", ms(h, 99)));
      }
      return sb.toString();
    }

    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void error(String kind) {
      errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long errorCount() {
      return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }
  }

  /**
   * CPU used between two moments (from /proc; Linux only): the server JVM, its PostgreSQL (the
   * postmaster and its children), this JVM, and the whole machine. Whatever the machine used beyond
   * those three was someone else's: other processes, or the hypervisor's other guests ("steal":
   * time this virtual machine wanted a CPU and did not get one, which shows up as latency in
   * everything running here).
   */
  record CpuSample(
      long wallNanos,
      long serverTicks,
      long postgresTicks,
      long selfTicks,
      long machineBusy,
      long machineTotal,
      long machineSteal) {
    static CpuSample take(Pids pids) {
      long[] m = machine();
      return new CpuSample(
          System.nanoTime(),
          pids.server().map(CpuSample::processTicks).orElse(-1L),
          pids.postgres().map(CpuSample::treeTicks).orElse(-1L),
          processTicks(ProcessHandle.current().pid()),
          m[0],
          m[1],
          m[2]);
    }

    /**
     * Cores busy on average: server JVM, PostgreSQL, bench JVM, whole machine, other (-1 when
     * unknown).
     */
    static Cpu between(CpuSample a, CpuSample b) {
      if (a == null || b == null) {
        return new Cpu(-1, -1, -1, -1, -1, -1);
      }
      double seconds = (b.wallNanos - a.wallNanos) / 1e9;
      double hz = 100.0; // USER_HZ: 100 on Linux
      double server =
          a.serverTicks < 0 || b.serverTicks < 0
              ? -1
              : (b.serverTicks - a.serverTicks) / hz / seconds;
      double pg =
          a.postgresTicks < 0 || b.postgresTicks < 0
              ? -1
              : (b.postgresTicks - a.postgresTicks) / hz / seconds;
      double self = a.selfTicks < 0 ? -1 : (b.selfTicks - a.selfTicks) / hz / seconds;
      double machine =
          a.machineTotal < 0
              ? -1
              : (double) (b.machineBusy - a.machineBusy)
                  / Math.max(1, b.machineTotal - a.machineTotal)
                  * Runtime.getRuntime().availableProcessors();
      double stolen =
          a.machineTotal < 0
              ? -1
              : (double) (b.machineSteal - a.machineSteal)
                  / Math.max(1, b.machineTotal - a.machineTotal)
                  * Runtime.getRuntime().availableProcessors();
      double other =
          machine < 0 || server < 0 || pg < 0 || self < 0 || stolen < 0
              ? -1
              : Math.max(0, machine - server - pg - self - stolen);
      return new Cpu(server, pg, self, machine, other, stolen);
    }

    static long processTicks(long pid) {
      try {
        return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")))[0];
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    /**
     * The process and its direct children (PostgreSQL's backends and helpers are children of the
     * postmaster).
     */
    static long treeTicks(long pid) {
      long sum = processTicks(pid);
      if (sum < 0) {
        return -1;
      }
      try (var dirs = Files.list(Path.of("/proc"))) {
        for (Path d : (Iterable<Path>) dirs::iterator) {
          String name = d.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            long[] t = ticks(Files.readString(d.resolve("stat")));
            if (t[1] == pid) {
              sum += t[0];
            }
          } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
          }
        }
      } catch (IOException e) {
        return -1;
      }
      return sum;
    }

    /** utime + stime, and the parent pid, from a /proc/PID/stat line. */
    private static long[] ticks(String stat) {
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": f[0] state, f[1] ppid, ... f[11] utime, f[12] stime
      return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[1])};
    }

    /** Busy, total and steal ticks of the whole machine so far. */
    static long[] machine() {
      try {
        String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new long[] {total - idle, total, steal};
      } catch (IOException | RuntimeException e) {
        return new long[] {-1, -1, -1};
      }
    }
  }

  record Pids(Optional<Long> server, Optional<Long> postgres) {}

  record Cpu(
      double server, double postgres, double bench, double machine, double other, double stolen) {
    String text() {
      return String.format(
          Locale.ROOT,
          "server JVM %s, PostgreSQL %s, bench JVM %s, machine %s of %d (other processes %s, stolen by the hypervisor %s)",
          f(server),
          f(postgres),
          f(bench),
          f(machine),
          Runtime.getRuntime().availableProcessors(),
          f(other),
          f(stolen));
    }

    static String f(double v) {
      return v < 0 ? "?" : String.format(Locale.ROOT, "%.2f", v);
    }
  }

  record Result(
      String name,
      double rate,
      int seconds,
      double goalMs,
      Stats stats,
      Cpu cpu,
      long benchGcCount,
      long benchGcMillis,
      long maxInFlight,
      double maxSchedulerLateMs,
      Stats warmup,
      int warmupSeconds) {

    double achieved() {
      return stats.ok.sum() / (double) seconds;
    }

    String goalText() {
      return Double.isNaN(goalMs)
          ? "(calibration)"
          : String.format(Locale.ROOT, "p99 < %.0f ms", goalMs);
    }

    String metText() {
      return Double.isNaN(goalMs) ? "-" : met() ? "yes" : "NO";
    }

    boolean met() {
      return ms(stats.latency, 99) < goalMs && stats.errorCount() == 0 && achieved() >= 0.99 * rate;
    }

    String errorsText() {
      if (stats.errors.isEmpty()) {
        return "none";
      }
      Map<String, Long> sorted = new TreeMap<>();
      stats.errors.forEach((k, v) -> sorted.put(k, v.sum()));
      StringBuilder sb = new StringBuilder();
      sorted.forEach(
          (k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(v).append(" x ").append(k));
      return sb.toString();
    }

    String oneLine() {
      Histogram h = stats.latency;
      return String.format(
          Locale.ROOT,
          "%s: sent %d, ok %d (%.1f/s), errors: %s; p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms;"
              + " warm-up p99 %.2f ms, errors %d; CPU cores busy: %s;"
              + " bench GC %d (%d ms); max in flight %d; scheduler max late %.2f ms; p99 per 5 s: %s;"
              + " cores stolen per 5 s: %s",
          name,
          stats.sent.sum(),
          stats.ok.sum(),
          achieved(),
          errorsText(),
          ms(h, 50),
          ms(h, 90),
          ms(h, 99),
          ms(h, 99.9),
          h.getMaxValue() / 1000.0,
          ms(warmup.latency, 99),
          warmup.errorCount(),
          cpu.text(),
          benchGcCount,
          benchGcMillis,
          maxInFlight,
          maxSchedulerLateMs,
          stats.sliceP99s(),
          stats.sliceStolen());
    }
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  static String table(List<Result> results, int duration) {
    StringBuilder sb = new StringBuilder();
    sb.append("Results (open loop; latency from the intended send time; warm-up discarded:");
    for (Result r : results) {
      sb.append(' ').append(r.name).append(' ').append(r.warmupSeconds).append(" s");
    }
    sb.append(String.format(Locale.ROOT, "; %d s measured)%n%n", duration));
    sb.append(
        "| scenario | target req/s | achieved ok/s | requests | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | goal | met |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      Histogram h = r.stats.latency;
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.1f | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s |%n",
              r.name,
              r.rate,
              r.achieved(),
              r.stats.sent.sum(),
              r.errorsText(),
              ms(h, 50),
              ms(h, 90),
              ms(h, 99),
              ms(h, 99.9),
              h.getMaxValue() / 1000.0,
              r.goalText(),
              r.metText()));
    }
    sb.append(
        "\n| scenario | CPU cores busy: server JVM | PostgreSQL | bench JVM | other processes | whole machine | warm-up p99 ms |"
            + " bench GC | max in flight | scheduler max late ms |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s of %d | %.2f | %d (%d ms) | %d | %.2f |%n",
              r.name,
              Cpu.f(r.cpu.server),
              Cpu.f(r.cpu.postgres),
              Cpu.f(r.cpu.bench),
              Cpu.f(r.cpu.other),
              Cpu.f(r.cpu.machine),
              Runtime.getRuntime().availableProcessors(),
              ms(r.warmup.latency, 99),
              r.benchGcCount,
              r.benchGcMillis,
              r.maxInFlight,
              r.maxSchedulerLateMs));
    }
    sb.append(
        "\n| scenario | p99 ms in each 5 s of the measured run | cores stolen by the hypervisor in each 5 s |\n");
    sb.append("|---|---|---|\n");
    for (Result r : results) {
      sb.append("| ")
          .append(r.name)
          .append(" | ")
          .append(r.stats.sliceP99s())
          .append(" | ")
          .append(r.stats.sliceStolen())
          .append(" |\n");
    }
    return sb.toString();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
