package dev.ordersync.server;

import dev.ordersync.server.toss.FakeToss;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real OrderSync server for a test class, as {@link TestServer#start(Map)} makes it (a fresh
 * database and data folder, no rate limits): started before the class's first test and its
 * {@code @BeforeAll} methods, closed after the last. Registered on a static field, it stands where
 * the class used to keep its {@code TestServer}:
 *
 * <pre>{@code
 * @RegisterExtension static final RunningServer server = RunningServer.create();
 * static final Api api = server.api();
 * static final Scenario story = server.scenario();
 * }</pre>
 *
 * <p>{@code @BeforeAll} and test methods may also take a {@link TestServer}, {@link Api}, {@link
 * Scenario}, {@link TestDatabase} or (with {@link #withFakeToss}) {@link FakeToss} parameter.
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final Map<String, String> env;
  private final String tossSecretKey;
  private final dev.ordersync.core.notify.NotificationOutbox notifications;
  private final Api api = new Api(this::baseUri);
  private TestServer server;
  private FakeToss toss;

  private RunningServer(
      Map<String, String> env,
      String tossSecretKey,
      dev.ordersync.core.notify.NotificationOutbox notifications) {
    this.env = Map.copyOf(env);
    this.tossSecretKey = tossSecretKey;
    this.notifications = notifications;
  }

  /** A server on its defaults. */
  public static RunningServer create() {
    return withEnv(Map.of());
  }

  /** A server with these settings on top of the test defaults (port, database, data folder). */
  public static RunningServer withEnv(Map<String, String> env) {
    return new RunningServer(env, null, null);
  }

  /**
   * The same server talking to a {@link FakeToss} with this secret key, started before the server
   * and closed after it.
   */
  public RunningServer withFakeToss(String secretKey) {
    return new RunningServer(env, secretKey, notifications);
  }

  /**
   * The same server recording the messages its changes cause (guests' texts, account emails) in
   * {@code outbox} instead of its own.
   */
  public RunningServer withNotificationsIn(dev.ordersync.core.notify.NotificationOutbox outbox) {
    return new RunningServer(env, tossSecretKey, outbox);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Map<String, String> settings = new HashMap<>();
    if (tossSecretKey != null) {
      toss = FakeToss.start(tossSecretKey);
      settings.put("ORDERSYNC_TOSS_SECRET_KEY", toss.secretKey());
      settings.put("ORDERSYNC_TOSS_API_URL", toss.uri().toString());
    }
    settings.putAll(env);
    server = TestServer.start(settings, OrderSyncServer.Limits.none(), notifications);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      server = null;
      if (toss != null) {
        toss.close();
        toss = null;
      }
    }
  }

  /** The running server; fails before the class's set-up has started it. */
  public TestServer testServer() {
    if (server == null) {
      throw new IllegalStateException(
          "the server runs from the class's set-up to its end: register RunningServer with"
              + " @RegisterExtension on a static field and use it from @BeforeAll or a test");
    }
    return server;
  }

  private String baseUri() {
    return "http://127.0.0.1:" + testServer().port();
  }

  /** A client of the server; usable once the server runs, so it may be kept in a static field. */
  public Api api() {
    return api;
  }

  /** The story fixtures over {@link #api()}; like it, may be kept in a static field. */
  public Scenario scenario() {
    return new Scenario(api);
  }

  public int port() {
    return testServer().port();
  }

  /** The management listener's port, where the metrics are. */
  public int managementPort() {
    return testServer().managementPort();
  }

  /** The Prometheus text of {@code GET /observe/metrics} on the management listener. */
  public String metrics() {
    return testServer().metrics();
  }

  public TestDatabase database() {
    return testServer().database();
  }

  public OrderSyncServer.Application application() {
    return testServer().application();
  }

  public Optional<Long> sealAuditNow() {
    return testServer().sealAuditNow();
  }

  public Path dataDir() {
    return testServer().dataDir();
  }

  /** The fake Toss of {@link #withFakeToss}. */
  public FakeToss toss() {
    if (toss == null) {
      throw new IllegalStateException("no fake Toss: register RunningServer.withFakeToss(key)");
    }
    return toss;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestServer.class
        || type == Api.class
        || type == Scenario.class
        || type == TestDatabase.class
        || (type == FakeToss.class && tossSecretKey != null);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == TestServer.class) {
      return testServer();
    } else if (type == Api.class) {
      return api;
    } else if (type == Scenario.class) {
      return scenario();
    } else if (type == TestDatabase.class) {
      return database();
    }
    return toss();
  }
}
