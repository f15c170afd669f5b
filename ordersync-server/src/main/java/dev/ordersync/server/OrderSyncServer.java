package dev.ordersync.server;

import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.PasswordHasher;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.Users;
import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.http.AccountRoutes;
import dev.ordersync.server.http.AuthRoutes;
import dev.ordersync.server.observe.Tracing;
import dev.ordersync.server.postgres.Columns;
import dev.ordersync.server.postgres.DatabaseStartException;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.web.Assets;
import dev.ordersync.server.web.WebPages;
import dev.ordersync.server.ws.ConnectGuard;
import dev.ordersync.server.ws.LiveEndpoints;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * One running OrderSync: data folder, database, keys, audit, the features, the web server and the
 * scheduled jobs, started in that order and stopped in reverse. {@link Main} runs one; tests run
 * several side by side. Each feature is wired in a file of its own ({@code *Wiring}).
 */
public final class OrderSyncServer implements AutoCloseable {
  private final Infrastructure infra;
  private final AuditWiring audit;
  private final LiveWiring live;
  private final NotificationsWiring notifications;
  private final WebhooksWiring webhooks;
  private final WebServer webServer;
  private final Housekeeping housekeeping;
  private final Application application;
  private final AnalyticsWiring analytics;
  private final java.util.Set<String> routes;
  private final AtomicBoolean draining;

  /** The wired application, for the demo seeding and for tests that need the use cases directly. */
  public record Application(
      JdbcTransactions transactions,
      PasswordHasher passwordHasher,
      RegisterUser registerUser,
      CreateRestaurant createRestaurant,
      CreateMenuCategory createCategory,
      CreateMenuItem createItem,
      CreateAdmin createAdmin,
      Users users,
      Columns columns,
      Clock clock) {}

  /**
   * How requests are limited: the filter over every API request, and the guard of the login routes.
   */
  public interface Limits {
    Filter filter(Authenticator auth);

    /** The guard of the login routes; its device cookies are signed with a key of {@code keys}. */
    AuthRoutes.LoginGuard loginGuard(ServerKeys keys);

    /** The guard of registration; none by default. */
    default AccountRoutes.RegistrationGuard registrationGuard() {
      return AccountRoutes.RegistrationGuard.none();
    }

    /** The readiness of the shared limiter's Redis, or null when there is none. */
    default BooleanSupplier redisHealthy() {
      return null;
    }

    /** The limit on opening live sockets per client address; none by default. */
    default ConnectGuard liveConnects() {
      return ConnectGuard.none();
    }

    /** No limits at all (tests that hammer one endpoint). */
    static Limits none() {
      return new RateLimits.Unlimited();
    }

    static Limits defaults(ServerConfig config) {
      return RateLimits.forConfig(config);
    }
  }

  private OrderSyncServer(
      Infrastructure infra,
      AuditWiring audit,
      LiveWiring live,
      NotificationsWiring notifications,
      WebhooksWiring webhooks,
      WebServer webServer,
      Housekeeping housekeeping,
      Application application,
      AnalyticsWiring analytics,
      java.util.Set<String> routes,
      AtomicBoolean draining) {
    this.infra = infra;
    this.draining = draining;
    this.analytics = analytics;
    this.routes = java.util.Set.copyOf(routes);
    this.audit = audit;
    this.live = live;
    this.notifications = notifications;
    this.webhooks = webhooks;
    this.webServer = webServer;
    this.housekeeping = housekeeping;
    this.application = application;
  }

  /** Starts a server; a {@link StartupException} with a one-line reason if it cannot. */
  public static OrderSyncServer start(ServerConfig config) {
    return start(config, Limits.defaults(config));
  }

  /**
   * Starts a server with these limits; a {@link StartupException} with a one-line reason if it
   * cannot, and then whatever it had opened is closed again.
   */
  public static OrderSyncServer start(ServerConfig config, Limits limits) {
    return start(config, limits, null, null, null);
  }

  /**
   * Starts a server whose spans go to {@code tracing} (a test's in-memory exporter) rather than to
   * what the OTEL_* variables configure; null: as they configure.
   */
  public static OrderSyncServer start(ServerConfig config, Limits limits, Tracing tracing) {
    return start(config, limits, tracing, null, null);
  }

  /**
   * Starts a server whose notifications go out through {@code providers} (tests give providers of
   * their own).
   */
  static OrderSyncServer start(
      ServerConfig config, Limits limits, NotificationsWiring.Providers providers) {
    return start(config, limits, null, providers, null);
  }

  /**
   * Starts a server whose changes record the messages they cause (guests' texts, account emails) in
   * {@code recordedIn} instead of its own outbox, so nothing is sent: for tests that look at what
   * was queued.
   */
  public static OrderSyncServer start(
      ServerConfig config, Limits limits, NotificationOutbox recordedIn) {
    return start(config, limits, null, null, recordedIn);
  }

  /**
   * Starts a server with its spans going to {@code tracing} (null: as OTEL_* configures) and its
   * notifications through {@code providers} (null: the configured Aligo and SendGrid).
   */
  static OrderSyncServer start(
      ServerConfig config,
      Limits limits,
      Tracing tracing,
      NotificationsWiring.Providers providers) {
    return start(config, limits, tracing, providers, null);
  }

  private static OrderSyncServer start(
      ServerConfig config,
      Limits limits,
      Tracing tracing,
      NotificationsWiring.Providers providers,
      NotificationOutbox recordedIn) {
    // Before any meter is registered, so the registry's conventions apply to all of them.
    ProcessMeters.registry();
    OpenedResources opened = new OpenedResources();
    try {
      Tracing traces = tracing != null ? tracing : TracingWiring.open(config, opened);
      // The data folder, the database and the keys.
      Infrastructure infra = Infrastructure.open(config, opened, traces);
      // What every change writes to: the audit trail, the outbox and its live events.
      AuditWiring audit = AuditWiring.wire(infra);
      LiveWiring live = LiveWiring.wire(infra, opened);
      ServerMeters.database(infra.database());
      ServerMeters.bus(live.bus());
      // The messages changes cause, recorded with them (notifications.outbox()) and sent later.
      NotificationsWiring notifications =
          opened.add(
              NotificationsWiring.wire(
                  infra,
                  providers != null
                      ? providers
                      : NotificationsWiring.configured(config, infra.tracing())));
      // The webhook deliveries changes cause, recorded with them and sent later.
      WebhooksWiring webhooks = opened.add(WebhooksWiring.wire(infra));
      // The features, on the stores and credentials they share.
      Adapters adapters =
          Adapters.wire(
              infra,
              audit.trail(),
              live.outbox(),
              live.bus(),
              recordedIn != null ? recordedIn : notifications.outbox(),
              webhooks);
      Credentials credentials = Credentials.wire(infra, adapters.sessions());
      var verification = ServerMeters.audit(audit.verification());
      AccountsWiring accounts =
          AccountsWiring.wire(
              infra,
              adapters,
              credentials,
              limits.loginGuard(infra.keys()),
              limits.registrationGuard(),
              verification);
      RestaurantsWiring restaurants = RestaurantsWiring.wire(infra, adapters, credentials);
      PaymentsWiring payments = PaymentsWiring.wire(infra, adapters, credentials);
      OrdersWiring orders = OrdersWiring.wire(infra, adapters, credentials, payments);
      // The owners' daily and weekly reports go out through the notification outbox.
      AnalyticsWiring analytics =
          AnalyticsWiring.wire(
              infra, adapters, credentials, java.util.Optional.of(adapters.notifications()));
      LiveEndpoints sockets =
          live.endpoints(infra, adapters, credentials, orders, limits.liveConnects());
      // The web server, then the scheduled jobs.
      var routes = new java.util.concurrent.atomic.AtomicReference<java.util.Set<String>>();
      AtomicBoolean draining = new AtomicBoolean();
      WebServer web =
          new WebServerWiring(
                  accounts,
                  restaurants,
                  orders,
                  payments,
                  analytics,
                  sockets,
                  notifications.adminRoutes(
                      infra, audit.trail(), adapters.personalDataReads(), credentials.auth()),
                  webhooks.routes(adapters.staff(), audit.trail(), credentials.auth()),
                  new WebPages(
                      Assets.fromClasspath("web"),
                      config.tossWindow().enabled()
                          ? Optional.of(config.tossWindow().scriptUrl())
                          : Optional.empty()))
              .start(infra, limits, credentials, live.bus(), routes::set, draining::get);
      opened.add(web::stop);
      notifications.start();
      webhooks.start(
          new dev.ordersync.core.notify.AccountEmails(
              adapters.notifications(),
              adapters.users(),
              adapters.restaurants(),
              adapters.securityEvents()));
      Housekeeping housekeeping =
          Housekeeping.start(
              infra, audit, adapters, payments, verification, credentials, analytics);
      Application app = application(infra, credentials, accounts, restaurants, adapters);
      return new OrderSyncServer(
          infra,
          audit,
          live,
          notifications,
          webhooks,
          web,
          housekeeping,
          app,
          analytics,
          routes.get(),
          draining);
    } catch (RuntimeException e) {
      opened.closeAfter(e);
      if (e instanceof DatabaseStartException d) {
        throw new StartupException(d.getMessage(), d);
      }
      throw e;
    }
  }

  private static Application application(
      Infrastructure infra,
      Credentials credentials,
      AccountsWiring accounts,
      RestaurantsWiring restaurants,
      Adapters adapters) {
    return new Application(
        infra.tx(),
        credentials.hasher(),
        accounts.registerUser(),
        restaurants.createRestaurant(),
        restaurants.createCategory(),
        restaurants.createItem(),
        accounts.createAdmin(),
        adapters.users(),
        infra.columns(),
        infra.clock());
  }

  /**
   * Seals the audit records committed so far and signs (and exports) a checkpoint now, instead of
   * waiting for the sealer's schedule (every 200 ms; a checkpoint every 100 records or 30 s). For
   * tests and tools.
   *
   * @return the size of the new checkpoint; empty if nothing was sealed since the last one or the
   *     scheduled sealer was at work at that moment (try again)
   */
  public Optional<Long> sealAuditNow() {
    return audit.sealNow();
  }

  /**
   * Brings the analytics rollups up to every restaurant's feed now, instead of waiting for the job
   * (every ORDERSYNC_ANALYTICS_ROLLUP_SECONDS). For tests and tools; answers are exact either way.
   *
   * @return the order events read
   */
  public long rollUpAnalyticsNow() {
    return analytics.rollUp(Long.MAX_VALUE / 2_000_000);
  }

  /**
   * Records the owners' reports that are due now in {@code outbox}, as the scheduled job does. For
   * tests and tools.
   */
  public dev.ordersync.core.analytics.SendOwnerReports.Sent sendReportsNow(
      dev.ordersync.core.notify.NotificationOutbox outbox) {
    return analytics.reportsTo(outbox).handle();
  }

  public int port() {
    return webServer.port();
  }

  /** The management listener's port (metrics), or -1 when ORDERSYNC_MANAGEMENT_PORT is off. */
  public int managementPort() {
    return webServer.port(WebServerWiring.MANAGEMENT);
  }

  /** Where this server's features record the messages to send (for tests that record some). */
  dev.ordersync.core.notify.NotificationOutbox notificationOutbox() {
    return notifications.outbox();
  }

  /**
   * Every route of the HTTP API as registered, {@code "METHOD /template"} (what the OpenAPI
   * document must list).
   */
  public java.util.Set<String> routes() {
    return routes;
  }

  public Application application() {
    return application;
  }

  /** Stops at once: {@link #drain} with no delay (readiness is down, nobody is probing it). */
  @Override
  public void close() {
    drain(java.time.Duration.ZERO);
  }

  /**
   * Stops in the order a deployment behind a balancer needs (decision 0049-deploy):
   *
   * <ol>
   *   <li>readiness goes down ({@code /observe/health/ready} answers 503), while everything else
   *       still serves;
   *   <li>after {@code delay}, so that a balancer probing readiness has stopped sending, the
   *       scheduled jobs stop and the notification dispatchers stop claiming (what they hold is
   *       sent or left to its lease);
   *   <li>every live socket is closed with 1001 and the reason {@code server stopping: resume with
   *       last_event_id}: its client reconnects (to another instance) and resumes;
   *   <li>the listener stops accepting, idle connections are closed, and the requests in flight
   *       finish (at most ORDERSYNC_DRAIN_TIMEOUT): an order in a group-commit lane is answered
   *       after its COMMIT, so once no request is in flight no lane holds an acknowledged order;
   *   <li>the bus between instances, the database pool and the data folder close.
   * </ol>
   *
   * The caller bounds the whole (see {@link Main}); a second call does nothing.
   */
  public void drain(java.time.Duration delay) {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    Logger log = Logger.getLogger(OrderSyncServer.class.getName());
    log.info(
        () ->
            "stopping: readiness is down; the listener closes in "
                + delay.toMillis()
                + " ms, then the requests in flight finish");
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    housekeeping.close();
    webhooks.close();
    notifications.close();
    live.hub().close();
    webServer.stop();
    live.bus().close();
    infra.database().close();
    infra.folder().close();
    log.info(
        () -> "stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms of draining");
  }

  /** Whether {@link #drain} has begun (readiness is down). */
  public boolean draining() {
    return draining.get();
  }
}
