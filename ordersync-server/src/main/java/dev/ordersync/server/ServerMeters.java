package dev.ordersync.server;

import dev.ordersync.audit.AuditQuery;
import dev.ordersync.audit.Verification;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.payment.PaymentEvent;
import dev.ordersync.core.payment.PaymentEvents;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.postgres.Database;
import dev.ordersync.server.postgres.GroupCommit;
import dev.ordersync.server.postgres.JdbcTransactions;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * The product's meters (decision 0039; the list is in docs/operations.md, "Metrics"): the database
 * pool, group commit, the outbox to other instances, orders and money, payment declines, security
 * events and the audit chain. Gauges read the last wired server (one process runs one server
 * outside tests, like {@link RedisStatus}); counters are process-wide and counted once the change
 * is committed. Labels are bounded: statuses and event types are enums or fixed in code, decline
 * codes are checked against the gateway's shape and capped.
 */
final class ServerMeters {
  private static final MeterRegistry REGISTRY = ProcessMeters.registry();

  private static final AtomicReference<Database> DATABASE = new AtomicReference<>();
  private static final AtomicReference<EventBus> BUS = new AtomicReference<>();

  private ServerMeters() {}

  // ---- the database ----

  static {
    for (String pool : List.of("main", "keys")) {
      poolGauge(pool, "active", s -> s.active(), "ordersync.db.pool.connections", "state");
      poolGauge(pool, "idle", s -> s.idle(), "ordersync.db.pool.connections", "state");
      poolGauge(pool, null, s -> s.waiting(), "ordersync.db.pool.pending.requests", null);
      poolGauge(pool, null, s -> s.max(), "ordersync.db.pool.max.connections", null);
    }
    REGISTRY.getOrCreate(
        Gauge.builder(
                "ordersync.db.up",
                () -> {
                  Database db = DATABASE.get();
                  return db != null && db.healthy() ? 1 : 0;
                })
            .description(
                "Whether the database answers (1) or not (0), as the readiness check says"));
  }

  private static void poolGauge(
      String pool,
      String state,
      ToDoubleFunction<Database.PoolState> value,
      String name,
      String stateTag) {
    List<Tag> tags =
        stateTag == null
            ? List.of(Tag.create("pool", pool))
            : List.of(Tag.create("pool", pool), Tag.create(stateTag, state));
    REGISTRY.getOrCreate(
        Gauge.builder(
                name,
                () -> {
                  Database db = DATABASE.get();
                  if (db == null) {
                    return 0.0;
                  }
                  return value.applyAsDouble(
                      pool.equals("main") ? db.poolState() : db.keysPoolState());
                })
            .tags(tags)
            .description(
                switch (name) {
                  case "ordersync.db.pool.connections" ->
                      "Pooled database connections by state (active: lent to a request)";
                  case "ordersync.db.pool.pending.requests" ->
                      "Threads waiting for a pooled database connection";
                  default -> "The pool's maximum number of connections";
                }));
  }

  /** The database whose pools and health the gauges read from now on. */
  static void database(Database database) {
    DATABASE.set(database);
  }

  // ---- group commit ----

  private static final DistributionSummary BATCH =
      REGISTRY.getOrCreate(
          DistributionSummary.builder("ordersync.group.commit.batch.size")
              .description("Orders (units of work) committed together in one shared transaction")
              .distributionStatisticsConfig(
                  DistributionStatisticsConfig.builder()
                      .buckets(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000)));

  private static final Timer LANE_WAIT =
      REGISTRY.getOrCreate(
          Timer.builder("ordersync.group.commit.lane.wait")
              .description("Time an order waited in its group-commit lane before it ran")
              .buckets(
                  Duration.ofNanos(100_000),
                  Duration.ofMillis(1),
                  Duration.ofMillis(5),
                  Duration.ofMillis(10),
                  Duration.ofMillis(25),
                  Duration.ofMillis(50),
                  Duration.ofMillis(100),
                  Duration.ofMillis(250),
                  Duration.ofMillis(500),
                  Duration.ofSeconds(1)));

  static GroupCommit.Observer groupCommit() {
    return new GroupCommit.Observer() {
      @Override
      public void waited(long nanos) {
        LANE_WAIT.record(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void committed(int units) {
        BATCH.record(units);
      }
    };
  }

  // ---- the outbox to the other instances ----

  static {
    REGISTRY.getOrCreate(
        Gauge.builder(
                "ordersync.outbox.pending.events",
                () -> {
                  EventBus bus = BUS.get();
                  return bus == null ? 0 : bus.pending();
                })
            .description("Committed events not yet published to the other instances (Redis)"));
    REGISTRY.getOrCreate(
        Gauge.builder(
                "ordersync.outbox.lag.seconds",
                () -> {
                  EventBus bus = BUS.get();
                  return bus == null ? 0.0 : bus.oldestPendingSeconds();
                })
            .description(
                "Age of the oldest committed event not yet published to the other instances"));
    REGISTRY.getOrCreate(
        FunctionalCounter.builder(
                "ordersync.outbox.dropped.events",
                BUS,
                b -> b.get() == null ? 0L : b.get().dropped())
            .description(
                "Events never published to the other instances (queue full); they resync from"
                    + " the log"));
  }

  /** The bus whose outbox the gauges read from now on. */
  static void bus(EventBus bus) {
    BUS.set(bus);
  }

  // ---- orders and money ----

  private static final Map<OrderStatus, Counter> STATUS_CHANGES = new EnumMap<>(OrderStatus.class);

  static {
    for (OrderStatus status : OrderStatus.values()) {
      STATUS_CHANGES.put(
          status,
          REGISTRY.getOrCreate(
              Counter.builder("ordersync.order.status.changes")
                  .tags(
                      List.of(
                          Tag.create("status", status.name().toLowerCase(java.util.Locale.ROOT))))
                  .description("Orders that entered this status (committed)")));
    }
  }

  private static final Counter REVENUE =
      REGISTRY.getOrCreate(
          Counter.builder("ordersync.revenue.won")
              .description(
                  "Gross value of the orders placed (paid online, or taken to pay at the counter),"
                      + " in won"));

  private static final Counter REFUNDS =
      REGISTRY.getOrCreate(
          Counter.builder("ordersync.refunds.won").description("Money refunded, in won"));

  /** Order events, metered once their transaction commits. */
  static OrderEvents orders(OrderEvents events, JdbcTransactions tx) {
    return (order, event) -> {
      events.append(order, event);
      tx.afterCommit(() -> ordered(order, event));
    };
  }

  private static void ordered(Order order, OrderEvent event) {
    switch (event) {
      case OrderEvent.OrderRefunded r -> REFUNDS.increment(r.amount());
      case OrderEvent.CustomerErased e -> {}
      default -> {
        STATUS_CHANGES.get(event.status()).increment();
        // Placed: created straight into PLACED (pay at the counter) or paid online.
        if (event.status() == OrderStatus.PLACED) {
          REVENUE.increment(order.total().amount());
        }
      }
    }
  }

  // ---- payments ----

  /** A Toss error code: upper-case words (docs.tosspayments.com lists them). */
  private static final Pattern DECLINE_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private static final int MAX_DECLINE_CODES = 100;
  private static final Map<String, Counter> DECLINES = new ConcurrentHashMap<>();

  /** Payment events, metered once their transaction commits. */
  static PaymentEvents payments(PaymentEvents events, JdbcTransactions tx) {
    return event -> {
      events.record(event);
      if (event instanceof PaymentEvent.Declined d) {
        tx.afterCommit(() -> declined(d.code()));
      }
    };
  }

  static {
    // The family is there before the first decline (a zero under "other").
    declinedCounter("other");
  }

  private static Counter declinedCounter(String tag) {
    return DECLINES.computeIfAbsent(
        tag,
        t ->
            REGISTRY.getOrCreate(
                Counter.builder("ordersync.payments.declined")
                    .tags(List.of(Tag.create("code", t)))
                    .description("Payments the gateway declined, by its error code")));
  }

  static void declined(String code) {
    boolean known =
        code != null
            && DECLINE_CODE.matcher(code).matches()
            && (DECLINES.containsKey(code) || DECLINES.size() < MAX_DECLINE_CODES);
    String tag = known ? code : "other";
    declinedCounter(tag).increment();
  }

  // ---- security ----

  /** The security events core records (dev.ordersync.core.user); anything else is {@code other}. */
  private static final Set<String> SECURITY_TYPES =
      Set.of(
          "login_succeeded",
          "login_failed",
          "token_refreshed",
          "refresh_token_reused",
          "sessions_revoked",
          "mfa_enabled",
          "recovery_code_used",
          "password_changed",
          "registration_attempted",
          "admin_created",
          "user_erased");

  private static final Map<String, Counter> SECURITY = new ConcurrentHashMap<>();

  static {
    // Present from the start, so alerts and rate() see a zero before the first one.
    security("login_failed");
    security("refresh_token_reused");
  }

  private static Counter security(String type) {
    String tag = SECURITY_TYPES.contains(type) ? type : "other";
    return SECURITY.computeIfAbsent(
        tag,
        t ->
            REGISTRY.getOrCreate(
                Counter.builder("ordersync.security.events")
                    .tags(List.of(Tag.create("type", t)))
                    .description(
                        "Security events (failed log-ins, refresh tokens replayed, ...), by type")));
  }

  /**
   * Security events, counted as they are recorded: a failed log-in counts even if its transaction
   * rolls back, since the attempt was made.
   */
  static SecurityEvents security(SecurityEvents events) {
    return new SecurityEvents() {
      @Override
      public void record(String type, UUID userId, UUID sessionId, Map<String, String> detail) {
        events.record(type, userId, sessionId, detail);
        security(type).increment();
      }
    };
  }

  // ---- the audit chain ----

  private static final AtomicLong AUDIT_INTACT = new AtomicLong(1);
  private static final AtomicLong AUDIT_VERIFIED_AT = new AtomicLong();
  private static final Counter AUDIT_OK = auditVerifications("intact");
  private static final Counter AUDIT_BROKEN = auditVerifications("broken");

  static {
    REGISTRY.getOrCreate(
        Gauge.builder("ordersync.audit.chain.intact", AUDIT_INTACT::get)
            .description(
                "Whether the last verification of the audit hash chain found it intact (1) or"
                    + " broken (0); 1 until the first one"));
    REGISTRY.getOrCreate(
        Gauge.builder("ordersync.audit.last.verification.timestamp.seconds", AUDIT_VERIFIED_AT::get)
            .description("When the audit chain was last verified (Unix time), 0 if never"));
  }

  private static Counter auditVerifications(String result) {
    return REGISTRY.getOrCreate(
        Counter.builder("ordersync.audit.verifications")
            .tags(List.of(Tag.create("result", result)))
            .description("Verifications of the audit hash chain, by result"));
  }

  /** The verification, metered: each run sets the gauge and counts its result. */
  static AdminRoutes.AuditVerification audit(AdminRoutes.AuditVerification verification) {
    return new AdminRoutes.AuditVerification() {
      @Override
      public Verification verify() {
        Verification v = verification.verify();
        verified(v.intact());
        return v;
      }

      @Override
      public long checkpoints() {
        return verification.checkpoints();
      }

      @Override
      public List<Map<String, Object>> read(AuditQuery query) {
        return verification.read(query);
      }

      @Override
      public AdminRoutes.AccessPage accesses(AuditQuery query, String subject, int limit) {
        return verification.accesses(query, subject, limit);
      }
    };
  }

  static void verified(boolean intact) {
    AUDIT_INTACT.set(intact ? 1 : 0);
    AUDIT_VERIFIED_AT.set(Instant.now().getEpochSecond());
    (intact ? AUDIT_OK : AUDIT_BROKEN).increment();
  }
}
