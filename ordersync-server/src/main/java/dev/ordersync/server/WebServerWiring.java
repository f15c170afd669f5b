package dev.ordersync.server;

import dev.ordersync.server.http.ApiDocumentRoutes;
import dev.ordersync.server.http.ApiRouting;
import dev.ordersync.server.http.FramingProblems;
import dev.ordersync.server.http.NotificationAdminRoutes;
import dev.ordersync.server.http.ObservedRequests;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.postgres.Database;
import dev.ordersync.server.web.WebPages;
import dev.ordersync.server.ws.LiveEndpoints;
import io.helidon.common.socket.SocketOptions;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The web server: the API of every feature behind the request-id and rate-limit filters, the live
 * sockets, and health under {@code /observe}; the metrics on a management listener of their own.
 */
record WebServerWiring(
    AccountsWiring accounts,
    RestaurantsWiring restaurants,
    OrdersWiring orders,
    PaymentsWiring payments,
    AnalyticsWiring analytics,
    LiveEndpoints sockets,
    NotificationAdminRoutes notificationAdmin,
    dev.ordersync.server.http.WebhookRoutes webhookEndpoints,
    WebPages pages) {
  private static final Logger LOG = Logger.getLogger(WebServerWiring.class.getName());

  /**
   * Starts the server; a {@link StartupException} if its port is taken. {@code routesRecorded} is
   * given every API route as {@code "METHOD /template"}.
   */
  WebServer start(
      Infrastructure infra,
      OrderSyncServer.Limits limits,
      Credentials credentials,
      EventBus bus,
      Consumer<Set<String>> routesRecorded,
      BooleanSupplier draining) {
    ServerConfig config = infra.config();
    // Read first: a certificate that cannot be used stops the start before anything is opened.
    io.helidon.common.tls.Tls tls = config.tls().enabled() ? ServerTls.tls(config.tls()) : null;
    Filter rateLimits = limits.filter(credentials.auth());
    // Health stays on the public port, where load balancers probe it; the metrics are served on
    // the management listener only (decision 0039).
    ObserveFeature observe =
        ObserveFeature.builder()
            .observersDiscoverServices(false)
            .sockets(List.of(WebServer.DEFAULT_SOCKET_NAME))
            .addObserver(health(config, infra.database(), bus, limits.redisHealthy(), draining))
            .build();
    ConnectionGate gate = connectionGate(config);
    HungUpClients.install();
    ListenerWatch.install();
    WebServer web =
        WebServer.builder()
            .host(config.host())
            .port(config.port())
            .featuresDiscoverServices(false)
            .directHandlers(FramingProblems.directHandlers())
            .shutdownHook(false)
            // A stop closes idle connections and lets the requests in flight finish, for at most
            // this long (Helidon's default is half a second); see OrderSyncServer#drain.
            .shutdownGracePeriod(config.drain().timeout())
            .maxTcpConnections(gate.limits().acceptPermits())
            // TCP_NODELAY: Helidon leaves Nagle's algorithm on, so the part of an answer written
            // after its first segment waits for the client's delayed ACK (~40 ms on Linux).
            .connectionOptions(gate.socketOptions(SocketOptions.builder().tcpNoDelay(true).build()))
            // Protocols listed, not discovered: a discovered HTTP/1 configuration beside ours would
            // make two HTTP/1 selectors, and Helidon then closes a garbage request line unanswered.
            .protocolsDiscoverServices(false)
            .addProtocol(WsConfig.create())
            .addProtocol(http1(gate))
            .addFeature(observe)
            .update(b -> management(b, config.management()))
            .update(b -> tls(b, tls, config.tls()))
            .routing(
                r -> {
                  if (config.tls().enabled()) {
                    r.addFilter(ServerTls.hsts());
                  }
                  // First: the server span and the access line see the whole of every request.
                  r.addFilter(ObservedRequests.filter(infra.tracing()));
                  api(r, rateLimits, routesRecorded);
                  r.register(new ClosesWithServer(gate));
                })
            .addRouting(ws())
            .build();
    try {
      web.start();
    } catch (RuntimeException e) {
      gate.close();
      if (causedBy(e, BindException.class)) {
        throw new StartupException(portTaken(config), e);
      }
      throw e;
    }
    if (config.tls().enabled()) {
      ServerTls.watch(config.tls(), web);
    }
    return web;
  }

  /**
   * TLS on the public port when ORDERSYNC_TLS_CERT and ORDERSYNC_TLS_KEY say so; the management
   * listener, a socket of its own, stays plain.
   */
  private static void tls(
      io.helidon.webserver.WebServerConfig.Builder server,
      io.helidon.common.tls.Tls loaded,
      ServerConfig.TlsSettings tls) {
    if (loaded != null) {
      server.tls(loaded);
      LOG.info(
          "TLS: "
              + String.join(" and ", tls.protocols())
              + " with the certificate in "
              + tls.cert()
              + " (looked at every "
              + tls.reloadInterval()
              + ")");
    }
  }

  /** The socket name of the management listener. */
  static final String MANAGEMENT = "management";

  /**
   * The management listener, when configured: {@code /observe/metrics} and nothing else, on its own
   * host and port, outside the connection gate and the API's filters.
   */
  private static void management(
      io.helidon.webserver.WebServerConfig.Builder server, ServerConfig.Management management) {
    if (!management.enabled()) {
      LOG.info(
          "metrics: no management listener (set ORDERSYNC_MANAGEMENT_PORT to serve"
              + " /observe/metrics)");
      return;
    }
    server
        .putSocket(
            MANAGEMENT,
            socket -> socket.host(management.host()).port(management.port()).routing(r -> {}))
        .addFeature(
            ObserveFeature.builder()
                .name("observe-management")
                .observersDiscoverServices(false)
                .sockets(List.of(MANAGEMENT))
                .addObserver(
                    MetricsObserver.builder().meterRegistry(ProcessMeters.registry()).build())
                .build());
  }

  /**
   * HTTP/1.1 with our listeners: the connection gate's (timeouts) and the framing problems' (a
   * request line Helidon cannot parse is the client's fault).
   */
  private static Http1Config http1(ConnectionGate gate) {
    return Http1Config.builder()
        .addReceiveListener(
            Http1Listeners.of(gate.receiveListener(), FramingProblems.receiveListener()))
        .addSendListener(Http1Listeners.of(gate.sendListener(), FramingProblems.sendListener()))
        .build();
  }

  /**
   * The gate on TCP connections (caps and timeouts), its limits derived from the configuration and
   * the process's file-descriptor limit, which it logs.
   */
  private static ConnectionGate connectionGate(ServerConfig config) {
    long fileLimit = ConnectionGate.fileLimit();
    ConnectionGate.Limits limits;
    try {
      limits =
          ConnectionGate.limitsFor(config.connections(), config.trustForwardedFor(), fileLimit);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
    LOG.info(
        () ->
            "connections: at most "
                + limits.total()
                + " at once, "
                + limits.perAddress()
                + " per client address (file descriptor limit "
                + (fileLimit > 0 ? fileLimit : "unknown")
                + "); header timeout "
                + limits.header()
                + ", body timeout "
                + limits.body()
                + ", idle timeout "
                + limits.idle());
    return new ConnectionGate(limits);
  }

  /** Stops the gate's sweeper when the server stops. */
  private record ClosesWithServer(ConnectionGate gate) implements HttpService {
    @Override
    public void routing(HttpRules rules) {}

    @Override
    public void afterStop() {
      gate.close();
    }
  }

  private void api(
      HttpRouting.Builder routing, Filter rateLimits, Consumer<Set<String>> routesRecorded) {
    routesRecorded.accept(
        ApiRouting.configure(
            routing,
            new ApiRouting.Resources(
                accounts.wellKnown(),
                accounts.admin(),
                notificationAdmin,
                accounts.sessions(),
                accounts.accounts(),
                accounts.secondFactor(),
                orders.board(),
                payments.settlements(),
                payments.routes(),
                payments.webhooks(),
                restaurants.restaurants(),
                restaurants.hours(),
                restaurants.staff(),
                restaurants.menu(),
                restaurants.optionGroups(),
                restaurants.priceRules(),
                orders.routes(),
                analytics.routes(),
                analytics.adminRoutes(),
                webhookEndpoints,
                ApiDocumentRoutes.of(ApiDocumentRoutes.OPENAPI),
                ApiDocumentRoutes.of(ApiDocumentRoutes.ASYNCAPI)),
            rateLimits,
            OBSERVED,
            List.of(LiveEndpoints.ORDER_PATH, LiveEndpoints.FEED_PATH, LiveEndpoints.MENU_PATH),
            List.of(pages)));
  }

  /** What the observe feature serves, for a 405 with Allow on other methods. */
  private static final Map<String, List<String>> OBSERVED =
      Map.of(
          "/observe/health", List.of("GET", "HEAD"),
          "/observe/health/*", List.of("GET", "HEAD"));

  private WsRouting.Builder ws() {
    var ws = WsRouting.builder();
    sockets.routing(ws);
    return ws;
  }

  /**
   * Ready when the database answers and the server is not stopping; live as long as it answers at
   * all. Each Redis in use (live events between instances, shared rate limits) is reported but
   * never makes the instance not-ready: without it the instance still serves REST and live delivery
   * (its checks say {@code degraded}, and {@code ordersync_redis_up} drops to 0 for alerting).
   */
  private static HealthObserver health(
      ServerConfig config,
      Database database,
      EventBus bus,
      BooleanSupplier rateLimitsRedis,
      BooleanSupplier draining) {
    var health =
        HealthObserver.builder()
            .details(true)
            .useSystemServices(false)
            .addCheck(
                check(database::healthy, "database", "postgresql"),
                HealthCheckType.READINESS,
                "database")
            // Down from the moment the server is told to stop (SIGTERM), so that a balancer that
            // probes readiness stops sending before the listener closes (decision 0049-deploy).
            .addCheck(
                () ->
                    HealthCheckResponse.builder()
                        .status(!draining.getAsBoolean())
                        .detail("drain", draining.getAsBoolean() ? "stopping" : "serving")
                        .build(),
                HealthCheckType.READINESS,
                "drain")
            .addCheck(
                () -> HealthCheckResponse.builder().status(true).build(),
                HealthCheckType.LIVENESS,
                "server");
    if (config.redisUrl() != null) {
      var liveEvents = RedisStatus.of("live-events", "live events between instances", bus::healthy);
      health.addCheck(liveEvents.check(), HealthCheckType.READINESS, liveEvents.use());
    }
    if (rateLimitsRedis != null) {
      var rateLimits = RedisStatus.of("rate-limits", "rate limits", rateLimitsRedis);
      health.addCheck(rateLimits.check(), HealthCheckType.READINESS, "redis");
    }
    return health.build();
  }

  private static Supplier<HealthCheckResponse> check(
      BooleanSupplier healthy, String key, String detail) {
    return () ->
        HealthCheckResponse.builder().status(healthy.getAsBoolean()).detail(key, detail).build();
  }

  /** Fails before anything slow starts if the port is taken (port 0 is any free port). */
  static void checkPortFree(ServerConfig config) {
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
}
