package dev.ordersync.server;

import dev.ordersync.audit.AuditLog;
import dev.ordersync.audit.AuditSealer;
import dev.ordersync.core.menu.AddOptionGroup;
import dev.ordersync.core.menu.AddPriceRule;
import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.RemoveMenuItem;
import dev.ordersync.core.menu.RemoveOptionGroup;
import dev.ordersync.core.menu.RemovePriceRule;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.AdvanceOrder;
import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.privacy.EraseMe;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.GetRestaurant;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.restaurant.SetOpeningHours;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.ConfirmSecondFactor;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.EnrollSecondFactor;
import dev.ordersync.core.user.GetProfile;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LogOut;
import dev.ordersync.core.user.PasswordHasher;
import dev.ordersync.core.user.PasswordPolicy;
import dev.ordersync.core.user.RefreshSession;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.RevokeUserSessions;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.core.user.Users;
import dev.ordersync.crypto.KeysetStore;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.auth.Argon2idPasswordHasher;
import dev.ordersync.server.auth.OrderTokens;
import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.auth.TinkSecretSealer;
import dev.ordersync.server.auth.ZxcvbnCommonPasswords;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.http.ApiRouting;
import dev.ordersync.server.http.AuthRoutes;
import dev.ordersync.server.http.OrderRoutes;
import dev.ordersync.server.http.RestaurantOrderRoutes;
import dev.ordersync.server.http.RestaurantRoutes;
import dev.ordersync.server.http.WellKnownRoutes;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.Views;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.postgres.Columns;
import dev.ordersync.server.postgres.Database;
import dev.ordersync.server.postgres.DatabaseStartException;
import dev.ordersync.server.postgres.EmbeddedDatabase;
import dev.ordersync.server.postgres.GroupCommit;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import dev.ordersync.server.postgres.PostgresIdempotencyStore;
import dev.ordersync.server.postgres.PostgresMenus;
import dev.ordersync.server.postgres.PostgresOrderEvents;
import dev.ordersync.server.postgres.PostgresOrderNumbers;
import dev.ordersync.server.postgres.PostgresOrders;
import dev.ordersync.server.postgres.PostgresRestaurants;
import dev.ordersync.server.postgres.PostgresSecurityEvents;
import dev.ordersync.server.postgres.PostgresSessions;
import dev.ordersync.server.postgres.PostgresTenantWall;
import dev.ordersync.server.postgres.PostgresUsers;
import dev.ordersync.server.postgres.V6__EncryptPersonalData;
import dev.ordersync.server.ws.LiveEndpoints;
import dev.ordersync.server.ws.LiveHub;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One running OrderSync: data folder, database, keys, adapters, use cases, routes and the web
 * server, started in that order and stopped in reverse. {@link Main} runs one; tests run several
 * side by side.
 */
public final class OrderSyncServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OrderSyncServer.class.getName());

  private final DataFolder folder;
  private final Database database;
  private final WebServer webServer;
  private final ScheduledExecutorService housekeeping;
  private final Application application;
  private final AuditSealer auditSealer;
  private final LiveHub hub;
  private final EventBus bus;

  /** The wired application, for the demo seeding and for tests that need the use cases directly. */
  public record Application(
      JdbcTransactions transactions,
      PasswordHasher passwordHasher,
      RegisterUser registerUser,
      CreateRestaurant createRestaurant,
      CreateMenuCategory createCategory,
      CreateMenuItem createItem,
      CreateAdmin createAdmin,
      dev.ordersync.core.user.Users users,
      Columns columns,
      Clock clock) {}

  private OrderSyncServer(
      DataFolder folder,
      Database database,
      WebServer webServer,
      ScheduledExecutorService housekeeping,
      Application application,
      AuditSealer auditSealer,
      LiveHub hub,
      EventBus bus) {
    this.auditSealer = auditSealer;
    this.hub = hub;
    this.bus = bus;
    this.folder = folder;
    this.database = database;
    this.webServer = webServer;
    this.housekeeping = housekeeping;
    this.application = application;
  }

  /**
   * Seals the audit records committed so far and signs (and exports) a checkpoint now, instead of
   * waiting for the sealer's schedule (every 200 ms; a checkpoint every 100 records or 30 s). For
   * tests and tools.
   *
   * @return the size of the new checkpoint; empty if nothing was sealed since the last one or the
   *     scheduled sealer was at work at that moment (try again)
   */
  public java.util.Optional<Long> sealAuditNow() {
    try (java.sql.Connection c = database.dataSource().getConnection()) {
      auditSealer.sealPending(c);
      return auditSealer.checkpoint(c).map(dev.ordersync.audit.Checkpoint::size);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not seal the audit trail: " + e.getMessage(), e);
    }
  }

  private static OrderRoutes.OrderWrites orderWrites(
      JdbcTransactions tx, DataSource dataSource, ServerConfig.OrderPath orderPath) {
    if (!orderPath.groupCommit()) {
      return OrderRoutes.OrderWrites.oneTransactionEach(tx);
    }
    return new GroupCommit(tx, dataSource, orderPath.lanes(), orderPath.maxBatch())::run;
  }

  /** Starts a server; a {@link StartupException} with a one-line reason if it cannot. */
  public static OrderSyncServer start(ServerConfig config) {
    return start(config, Limits.defaults(config));
  }

  /**
   * How requests are limited: the filter over every API request, and the guard of the login routes.
   */
  public interface Limits {
    Filter filter(Authenticator auth);

    AuthRoutes.LoginGuard loginGuard();

    /** The readiness of the shared limiter's Redis, or null when there is none. */
    default java.util.function.BooleanSupplier redisHealthy() {
      return null;
    }

    /** The limit on opening live sockets per client address; none by default. */
    default dev.ordersync.server.ws.ConnectGuard liveConnects() {
      return dev.ordersync.server.ws.ConnectGuard.none();
    }

    /** No limits at all (tests that hammer one endpoint). */
    static Limits none() {
      return new Limits() {
        @Override
        public Filter filter(Authenticator auth) {
          return (chain, req, res) -> chain.proceed();
        }

        @Override
        public AuthRoutes.LoginGuard loginGuard() {
          return AuthRoutes.LoginGuard.none();
        }
      };
    }

    static Limits defaults(ServerConfig config) {
      return RateLimits.forConfig(config);
    }
  }

  public static OrderSyncServer start(ServerConfig config, Limits limits) {
    Clock clock = config.clock();
    DataFolder folder = DataFolder.open(config.dataDir());
    Database database = null;
    try {
      checkPortFree(config);
      KeysetStore keysets;
      try {
        keysets = CryptoSetup.keysetStore(config, config.keys());
      } catch (RuntimeException e) {
        throw new StartupException("cannot open the column encryption keys: " + e.getMessage(), e);
      }
      database = openDatabase(config, folder, keysets);
      ServerKeys keys;
      try {
        keys =
            ServerKeys.load(
                config.keys(),
                config.jwtKeysetJson(),
                config.secretsKeysetJson(),
                config.orderTokenKey());
      } catch (IllegalStateException e) {
        throw new StartupException(e.getMessage(), e);
      }
      JdbcTransactions tx = new JdbcTransactions(database.dataSource());
      Columns columns = new Columns(CryptoSetup.crypto(keysets, database.keysDataSource(), tx));
      AuditLog auditLog = AuditWiring.log(columns.crypto());
      AuditWiring.install(auditLog, database.ownerDataSource(), database.appRole());
      Database.maintenanceWarning(database.ownerDataSource()).ifPresent(LOG::warning);
      AuditSealer auditSealer =
          AuditWiring.sealer(
              auditLog,
              AuditWiring.signer(config.keys()),
              folder.path().resolve("audit-checkpoints"));
      ServerConfig.OrderPath orderPath = config.orderPath();
      if (orderPath.auditOff()) {
        LOG.warning(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                + "!! ORDERSYNC_AUDIT=off: NO AUDIT RECORDS ARE WRITTEN. This exists only to measure what auditing\n"
                + "!! costs (bench/run.sh audit-compare). Never run a real restaurant like this.\n"
                + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
      }
      var audit = new PostgresAuditTrail(tx, auditLog, !orderPath.auditOff());
      Users users = Audited.users(new PostgresUsers(tx, columns), audit);
      Restaurants restaurants = Audited.restaurants(new PostgresRestaurants(tx, columns), audit);
      Menus menus = Audited.menus(new PostgresMenus(tx), audit);
      var orders = new PostgresOrders(tx, columns);
      var numbers = new PostgresOrderNumbers(tx);
      var sessions = new PostgresSessions(tx);
      var storedSecurityEvents = new PostgresSecurityEvents(tx);
      // Every security event and every order change also leaves an audit record, in the same
      // transaction.
      SecurityEvents securityEvents =
          (type, userId, sessionId, detail) -> {
            storedSecurityEvents.record(type, userId, sessionId, detail);
            audit.record(
                type.toUpperCase(java.util.Locale.ROOT),
                "user",
                userId == null ? null : userId.toString(),
                null,
                Json.text(detail));
          };
      EventBus bus = LiveWiring.bus(config);
      var outbox =
          new PostgresOrderEvents(
              tx,
              (o, e) -> Views.EventView.type(e),
              (o, e) -> Json.text(Views.EventView.of(o, e)),
              bus);
      LiveHub hub =
          new LiveHub(
              outbox,
              config.wsQueueLimit(),
              config.wsPingInterval(),
              java.time.Duration.ofSeconds(5),
              Math.max(1, config.dbPoolSize() / 8),
              config.wsRecheckInterval());
      bus.subscribe(hub);
      OrderEvents events =
          (order, event) -> {
            // Written once: the outbox row and the audit record carry the same JSON.
            String payload = Json.text(Views.EventView.of(order, event));
            outbox.append(order, event, payload);
            audit.record(AuditActions.of(event), "order", order.id().toString(), null, payload);
          };
      var idempotency = new PostgresIdempotencyStore(tx, columns, clock);
      var payments = new dev.ordersync.server.postgres.PostgresPayments(tx);
      dev.ordersync.core.payment.PaymentEvents paymentEvents =
          event ->
              audit.record(
                  AuditActions.of(event),
                  "order",
                  event.orderId().toString(),
                  null,
                  Json.text(event));
      ServerConfig.TossSettings tossSettings = config.toss();
      dev.ordersync.core.payment.PaymentGateway gateway =
          tossSettings.enabled()
              ? new dev.ordersync.server.toss.TossPaymentGateway(
                  tossSettings.apiUrl(), tossSettings.secretKey(), tossSettings.timeout())
              : dev.ordersync.server.toss.NoPaymentGateway.INSTANCE;
      PasswordHasher hasher = new Argon2idPasswordHasher();
      PasswordPolicy policy = new PasswordPolicy(new ZxcvbnCommonPasswords());
      var sealer = new TinkSecretSealer(keys);
      var staff = new StaffAccess(users, restaurants, new PostgresTenantWall(tx));
      var accessTokens = new AccessTokens(keys, clock, config.accessTokenLifetime());
      var orderTokens = new OrderTokens(keys);
      var auth = new Authenticator(accessTokens, orderTokens, sessions, clock);
      int maxBody = config.maxBodyBytes();

      var registerUser = new RegisterUser(users, hasher, policy, tx, clock);
      var createRestaurant = new CreateRestaurant(restaurants, users, tx, clock);
      var createCategory = new CreateMenuCategory(menus, staff, tx, clock);
      var createItem = new CreateMenuItem(menus, staff, tx, clock);

      var authRoutes =
          new AuthRoutes(
              new AuthRoutes.UseCases(
                  registerUser,
                  new LogIn(users, hasher, sessions, securityEvents, tx, clock),
                  new CompleteSecondFactor(users, sealer, sessions, securityEvents, tx, clock),
                  new RefreshSession(sessions, users, securityEvents, tx, clock),
                  new LogOut(sessions, tx, clock),
                  new GetProfile(users),
                  new ChangePassword(users, hasher, policy, sessions, securityEvents, tx, clock),
                  new EnrollSecondFactor(users, sealer, tx),
                  new ConfirmSecondFactor(users, sealer, securityEvents, tx, clock),
                  new ExportMyData(users, orders, sessions),
                  new EraseMe(users, orders, sessions, securityEvents, tx, clock),
                  users),
              accessTokens,
              auth,
              maxBody,
              limits.loginGuard());
      var restaurantRoutes =
          new RestaurantRoutes(
              new RestaurantRoutes.UseCases(
                  createRestaurant,
                  new GetRestaurant(restaurants),
                  new UpdateRestaurantSettings(
                      restaurants, staff, tx, clock, tossSettings.enabled()),
                  new GetMenu(restaurants, menus, clock),
                  createCategory,
                  createItem,
                  new UpdateMenuItem(menus, staff, tx, clock),
                  new RemoveMenuItem(menus, staff, tx),
                  new AddStaff(users, staff, hasher, policy, tx, clock),
                  new ManageStaff(users, staff, tx),
                  new SetOpeningHours(restaurants, staff, tx, clock),
                  new AddOptionGroup(menus, staff, tx, clock),
                  new RemoveOptionGroup(menus, staff, tx),
                  new AddPriceRule(menus, staff, tx, clock),
                  new RemovePriceRule(menus, staff, tx),
                  menus,
                  staff,
                  clock),
              auth,
              maxBody);
      var orderAccess = new OrderAccess(orders, staff);
      var orderChanges = new OrderChanges(orders, menus, events, tx, clock);
      var ledger =
          new dev.ordersync.core.payment.Ledger(
              payments, paymentEvents, gateway, orderChanges, clock);
      var refundOnCancel =
          new dev.ordersync.core.payment.RefundOnCancel(
              ledger,
              new CancelOrder(orderAccess, orderChanges),
              new RejectOrder(orderAccess, orderChanges));
      var syncPayment = new dev.ordersync.core.payment.SyncPayment(ledger);
      var expireUnpaid =
          new dev.ordersync.core.payment.ExpireUnpaidOrders(
              orders, ledger, tossSettings.paymentTimeout());
      var paymentRoutes =
          new dev.ordersync.server.http.PaymentRoutes(
              new dev.ordersync.core.payment.ConfirmPayment(ledger, orderAccess), auth, maxBody);
      var webhookRoutes = new dev.ordersync.server.http.TossWebhookRoutes(syncPayment, maxBody);
      var settlementRoutes =
          new dev.ordersync.server.http.SettlementRoutes(
              new dev.ordersync.core.payment.GetSettlement(
                  ledger, restaurants, staff, tossSettings.feeRate()),
              auth);
      Counter placed =
          Metrics.globalRegistry()
              .getOrCreate(
                  Counter.builder("ordersync.orders.placed")
                      .description("Orders placed (committed)"));
      var orderRoutes =
          new OrderRoutes(
              new PlaceOrder(restaurants, menus, orders, numbers, events, tx, clock),
              new GetOrder(orders, staff, tx),
              refundOnCancel,
              idempotency,
              orderTokens,
              auth,
              maxBody,
              placed::increment,
              orderWrites(tx, database.dataSource(), orderPath));
      var boardRoutes =
          new RestaurantOrderRoutes(
              new RestaurantOrderRoutes.UseCases(
                  new ListRestaurantOrders(orders, staff, tx),
                  new AcceptOrder(restaurants, orderAccess, orderChanges),
                  new AdvanceOrder(orderAccess, orderChanges),
                  refundOnCancel,
                  new dev.ordersync.core.payment.RefundPayment(ledger, staff)),
              auth,
              maxBody);
      var liveEndpoints =
          new LiveEndpoints(
              auth,
              new GetOrder(orders, staff, tx),
              id -> tx.run(() -> orders.byId(id).isPresent()),
              LiveWiring.feeds(tx, staff, outbox, new ListRestaurantOrders(orders, staff, tx)),
              hub,
              limits.liveConnects());
      var checkpointVerifier = AuditWiring.signer(config.keys()).verifier();
      var adminRoutes =
          new AdminRoutes(
              new RevokeUserSessions(users, sessions, securityEvents, tx, clock),
              AuditWiring.verification(
                  auditLog,
                  checkpointVerifier,
                  database.dataSource(),
                  folder.path().resolve("audit-checkpoints")),
              auth,
              maxBody);
      var wellKnown = new WellKnownRoutes(accessTokens);
      Filter rateLimits = limits.filter(auth);

      Database db = database;
      var health =
          HealthObserver.builder()
              .details(true)
              .useSystemServices(false)
              .addCheck(
                  () ->
                      HealthCheckResponse.builder()
                          .status(db.healthy())
                          .detail("database", "postgresql")
                          .build(),
                  HealthCheckType.READINESS,
                  "database")
              .addCheck(
                  () -> HealthCheckResponse.builder().status(true).build(),
                  HealthCheckType.LIVENESS,
                  "server");
      if (config.redisUrl() != null) {
        health.addCheck(
            () ->
                HealthCheckResponse.builder()
                    .status(bus.healthy())
                    .detail("redis", "live events between instances")
                    .build(),
            HealthCheckType.READINESS,
            "live-events");
      }
      var redis = limits.redisHealthy();
      if (redis != null) {
        health.addCheck(
            () ->
                HealthCheckResponse.builder()
                    .status(redis.getAsBoolean())
                    .detail("redis", "rate limits")
                    .build(),
            HealthCheckType.READINESS,
            "redis");
      }
      ObserveFeature observe =
          ObserveFeature.builder()
              .addObserver(health.build())
              .addObserver(MetricsObserver.create())
              .build();

      WebServer web =
          WebServer.builder()
              .host(config.host())
              .port(config.port())
              .featuresDiscoverServices(false)
              .shutdownHook(false)
              .addFeature(observe)
              .routing(
                  r ->
                      ApiRouting.configure(
                          r,
                          authRoutes,
                          restaurantRoutes,
                          orderRoutes,
                          boardRoutes,
                          adminRoutes,
                          wellKnown,
                          paymentRoutes,
                          webhookRoutes,
                          settlementRoutes,
                          rateLimits))
              .addRouting(wsRouting(liveEndpoints))
              .build();
      try {
        web.start();
      } catch (RuntimeException e) {
        if (causedBy(e, BindException.class)) {
          throw new StartupException(portTaken(config), e);
        }
        throw e;
      }
      ScheduledExecutorService housekeeping =
          Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
      DataSource sealing = database.dataSource();
      housekeeping.scheduleWithFixedDelay(
          () -> AuditWiring.seal(auditSealer, sealing), 200, 200, TimeUnit.MILLISECONDS);
      housekeeping.scheduleWithFixedDelay(
          () -> {
            try {
              int purged = idempotency.purgeExpired();
              if (purged > 0) {
                LOG.fine("purged " + purged + " expired idempotency keys");
              }
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "could not purge expired idempotency keys", e);
            }
          },
          1,
          60,
          TimeUnit.MINUTES);
      if (tossSettings.enabled()) {
        long every = Math.max(100, tossSettings.sweepInterval().toMillis());
        housekeeping.scheduleWithFixedDelay(
            () -> {
              try {
                var swept = expireUnpaid.handle();
                if (swept.expired() + swept.paid() > 0) {
                  LOG.info(
                      "unpaid orders: "
                          + swept.expired()
                          + " expired, "
                          + swept.paid()
                          + " found paid at Toss, "
                          + swept.deferred()
                          + " left for the next sweep");
                }
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not sweep unpaid orders", e);
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
      }
      // Keys rotated elsewhere (the keys command, another instance) take effect here within a
      // minute for writing; a
      // read of a value under a key not yet loaded reloads at once.
      housekeeping.scheduleWithFixedDelay(
          () -> {
            try {
              columns.crypto().reload();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "could not reload the column encryption keys", e);
            }
          },
          60,
          60,
          TimeUnit.SECONDS);
      Application app =
          new Application(
              tx,
              hasher,
              registerUser,
              createRestaurant,
              createCategory,
              createItem,
              new CreateAdmin(users, hasher, policy, securityEvents, tx, clock),
              users,
              columns,
              clock);
      return new OrderSyncServer(folder, database, web, housekeeping, app, auditSealer, hub, bus);
    } catch (RuntimeException e) {
      if (database != null) {
        database.close();
      }
      folder.close();
      if (e instanceof DatabaseStartException d) {
        throw new StartupException(d.getMessage(), d);
      }
      throw e;
    }
  }

  /** The database, migrated; its personal data encrypted with the keys of {@code keysets}. */
  static Database openDatabase(ServerConfig config, DataFolder folder, KeysetStore keysets) {
    EmbeddedDatabase embedded = null;
    String url = config.dbUrl();
    String user = config.dbUser();
    String password = config.dbPassword();
    if (config.embeddedDatabase()) {
      embedded = EmbeddedDatabase.start(folder.path().resolve("postgres"));
      url = embedded.jdbcUrl();
      user = "postgres";
      password = null;
    }
    // Migration 6 encrypts data left in plaintext by earlier versions; its subject keys go in
    // through a connection of
    // their own, as at run time.
    Columns forMigration =
        new Columns(CryptoSetup.crypto(keysets, Database.plain(url, user, password)));
    try {
      return Database.connect(
          url,
          user,
          password,
          config.dbPoolSize(),
          embedded,
          List.of(new V6__EncryptPersonalData(forMigration)));
    } catch (RuntimeException e) {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (java.io.IOException ignored) {
          // already failing
        }
      }
      throw e;
    }
  }

  private static void checkPortFree(ServerConfig config) {
    if (config.port() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(config.host(), config.port()));
    } catch (IOException e) {
      throw new StartupException(portTaken(config), e);
    }
  }

  private static String portTaken(ServerConfig config) {
    return "port "
        + config.port()
        + " is already in use on "
        + config.host()
        + "; stop the other program or set ORDERSYNC_PORT";
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  public int port() {
    return webServer.port();
  }

  public Application application() {
    return application;
  }

  private static io.helidon.webserver.websocket.WsRouting.Builder wsRouting(
      LiveEndpoints endpoints) {
    var ws = io.helidon.webserver.websocket.WsRouting.builder();
    endpoints.routing(ws);
    return ws;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    hub.close();
    bus.close();
    webServer.stop();
    database.close();
    folder.close();
  }
}
