package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * ops/compose.yaml (issue 22), read as YAML since no Docker engine runs here: three instances of
 * one image on one PostgreSQL 15 and one Redis 7 behind nginx, every service with a health check,
 * the instances given one database, one Redis and one master key (keys that cannot diverge), and
 * every variable they are given a setting the server reads and accepts.
 */
class ComposeFileTest {
  static final Path FILE = Path.of("..", "ops", "compose.yaml");
  static final Path NGINX_CONF = Path.of("..", "ops", "nginx", "ordersync.conf");
  static final List<String> INSTANCES = List.of("ordersync-1", "ordersync-2", "ordersync-3");

  private final Map<String, Map<String, Object>> services;

  @SuppressWarnings("unchecked")
  ComposeFileTest() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(FILE));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void threeInstancesOnePostgres15OneRedis7AndNginx() {
    Set<String> expected = new TreeSet<>(INSTANCES);
    expected.addAll(List.of("postgres", "redis", "nginx"));
    assertEquals(expected, new TreeSet<>(services.keySet()));
    assertTrue(image("postgres").matches("postgres:15(\\.[0-9]+)?(-.*)?"), image("postgres"));
    assertTrue(image("redis").matches("redis:7(\\.[0-9.]+)?(-.*)?"), image("redis"));
    assertTrue(image("nginx").startsWith("nginx:"), image("nginx"));
    for (String instance : INSTANCES) {
      assertEquals("ordersync:local", image(instance), "one image for every instance");
      Map<String, Object> build = map(services.get(instance), "build");
      assertEquals("..", build.get("context"));
      assertTrue(
          Files.exists(FILE.getParent().resolve("..").resolve((String) build.get("dockerfile"))));
    }
  }

  @Test
  void everyServiceHasAHealthCheckAndTheInstancesUseTheImagesOwn() throws Exception {
    for (var service : services.entrySet()) {
      Map<String, Object> health = map(service.getValue(), "healthcheck");
      List<?> test = (List<?>) health.get("test");
      assertNotNull(test, service.getKey() + " has a health check");
      assertTrue(
          List.of("CMD", "CMD-SHELL").contains(test.getFirst()), service.getKey() + ": " + test);
      assertNotNull(health.get("interval"), service.getKey());
      assertNotNull(health.get("retries"), service.getKey());
    }
    List<String> imageCheck = Dockerfile.read().runtime().last("HEALTHCHECK").execForm();
    for (String instance : INSTANCES) {
      List<?> test = (List<?>) map(services.get(instance), "healthcheck").get("test");
      assertEquals(
          imageCheck, test.subList(1, test.size()), instance + " checks as the image does");
      assertNotNull(map(services.get(instance), "healthcheck").get("start_period"), instance);
    }
    assertTrue(
        map(services.get("postgres"), "healthcheck").get("test").toString().contains("pg_isready"));
    assertTrue(
        map(services.get("redis"), "healthcheck").get("test").toString().contains("redis-cli"));
  }

  @Test
  void instancesStartOnlyOnceTheDatabaseAndRedisAreHealthyAndRunUnderAnInit() {
    for (String instance : INSTANCES) {
      Map<String, Object> s = services.get(instance);
      Map<String, Object> deps = map(s, "depends_on");
      for (String dependency : List.of("postgres", "redis")) {
        assertEquals(
            "service_healthy",
            map(deps, dependency).get("condition"),
            instance + " waits for " + dependency);
      }
      assertEquals(Boolean.TRUE, s.get("init"), instance + " runs under an init that reaps");
      assertNotNull(s.get("stop_grace_period"), instance + " has time to drain on SIGTERM");
      assertNotNull(s.get("restart"), instance + " is restarted when it exits");
    }
  }

  @Test
  void theInstancesShareOneDatabaseOneRedisAndOneMasterKey() {
    Map<String, Object> postgres = map(services.get("postgres"), "environment");
    for (String name :
        List.of(
            "ORDERSYNC_DB_URL",
            "ORDERSYNC_DB_USER",
            "ORDERSYNC_DB_PASSWORD",
            "ORDERSYNC_REDIS_URL",
            "ORDERSYNC_MASTER_KEY")) {
      Set<Object> values = new TreeSet<>();
      INSTANCES.forEach(i -> values.add(env(i).get(name)));
      assertEquals(1, values.size(), name + " is the same on every instance: " + values);
    }
    Map<String, String> one = env("ordersync-1");
    assertEquals(
        "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"),
        one.get("ORDERSYNC_DB_URL"));
    assertEquals(postgres.get("POSTGRES_USER"), one.get("ORDERSYNC_DB_USER"));
    assertEquals(postgres.get("POSTGRES_PASSWORD"), one.get("ORDERSYNC_DB_PASSWORD"));
    assertEquals("redis://redis:6379", one.get("ORDERSYNC_REDIS_URL"));
    assertTrue(
        one.get("ORDERSYNC_MASTER_KEY").startsWith("${ORDERSYNC_MASTER_KEY:?"),
        "the master key must be given (compose refuses to start without it), never defaulted");
    for (String instance : INSTANCES) {
      for (String diverging :
          List.of(
              "ORDERSYNC_KEYS_DIR",
              "ORDERSYNC_JWT_KEYSET",
              "ORDERSYNC_SECRETS_KEYSET",
              "ORDERSYNC_ORDER_TOKEN_KEY",
              "ORDERSYNC_RATE_LIMITS",
              "ORDERSYNC_AUDIT",
              "ORDERSYNC_FAKE_NOW")) {
        assertFalse(env(instance).containsKey(diverging), instance + " sets " + diverging);
      }
    }
  }

  @Test
  void eachInstanceListensOnItsOwnPortOnlyBehindNginx() {
    Set<String> ports = new TreeSet<>();
    Set<String> management = new TreeSet<>();
    for (String instance : INSTANCES) {
      Map<String, String> env = env(instance);
      ports.add(env.get("ORDERSYNC_PORT"));
      management.add(env.get("ORDERSYNC_MANAGEMENT_PORT"));
      assertEquals("service:nginx", services.get(instance).get("network_mode"), instance);
      assertFalse(services.get(instance).containsKey("ports"), instance + " publishes nothing");
      // X-Forwarded-For is trusted only because nothing but nginx can reach the instance.
      assertEquals("true", env.get("ORDERSYNC_TRUST_FORWARDED_FOR"), instance);
      assertEquals("127.0.0.1", env.get("ORDERSYNC_HOST"), instance);
    }
    assertEquals(3, ports.size(), "one port each (they share nginx's network): " + ports);
    assertEquals(3, management.size(), "one management port each: " + management);
    Set<String> all = new TreeSet<>(ports);
    all.addAll(management);
    assertEquals(6, all.size(), "no management port is a public one");
    List<?> published = (List<?>) services.get("nginx").get("ports");
    assertEquals(1, published.size(), "only nginx publishes a port");
    String volumes = services.get("nginx").get("volumes").toString();
    assertTrue(volumes.contains("./nginx/ordersync.conf:/etc/nginx/conf.d/"), volumes);
  }

  @Test
  void everyVariableGivenToAnInstanceIsASettingTheServerReadsAndAccepts() {
    for (String instance : INSTANCES) {
      Map<String, String> env = new HashMap<>();
      env(instance).forEach((k, v) -> env.put(k, interpolated(v)));
      Set<String> read = ServerSettings.read(env); // throws ServerConfig.Invalid for a bad value
      for (String name : env.keySet()) {
        assertTrue(
            read.contains(name) || name.startsWith("OTEL_"),
            instance + ": " + name + " is not a setting of the server (README, Configuration)");
      }
    }
  }

  /**
   * The nginx configuration is written on another branch (issue 22, ops/nginx); once it is here,
   * its upstream must be exactly the instances' ports on 127.0.0.1 (they share nginx's network), it
   * must listen on the port compose publishes, and it must be a conf.d file (no http block).
   */
  @Test
  void nginxSendsToTheThreeInstancesWhenItsConfigurationIsHere() throws Exception {
    Assumptions.assumeTrue(
        Files.exists(NGINX_CONF), NGINX_CONF + " is not on this branch yet (the lead merges it)");
    String conf = Files.readString(NGINX_CONF).replaceAll("(?m)#.*$", "");
    assertFalse(
        Pattern.compile("(?m)^\\s*(http|events)\\s*\\{").matcher(conf).find(),
        "a file for conf.d, included inside http {}");
    Set<String> upstream = new TreeSet<>();
    Matcher m = Pattern.compile("(?s)upstream\\s+\\S+\\s*\\{(.*?)\\}").matcher(conf);
    while (m.find()) {
      Matcher server = Pattern.compile("server\\s+([^\\s;]+)").matcher(m.group(1));
      while (server.find()) {
        upstream.add(server.group(1));
      }
    }
    Set<String> instances = new TreeSet<>();
    INSTANCES.forEach(i -> instances.add("127.0.0.1:" + env(i).get("ORDERSYNC_PORT")));
    assertEquals(instances, upstream, "nginx's upstream is the three instances");
    String published = ((List<?>) services.get("nginx").get("ports")).getFirst().toString();
    String inside = published.substring(published.lastIndexOf(':') + 1);
    assertTrue(
        Pattern.compile("listen\\s+(\\S+:)?" + inside + "\\b").matcher(conf).find(),
        "nginx listens on " + inside + ", the port compose publishes");
  }

  /** A value as compose would give it, with the ${...} taken from a sample .env. */
  private static String interpolated(String value) {
    Map<String, String> sample =
        Map.of(
            "ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY,
            "ORDERSYNC_DB_PASSWORD", "a-password",
            "ORDERSYNC_PUBLIC_URL", "https://orders.example.kr");
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)(:?[-?][^}]*)?\\}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String given = sample.get(name);
      String fallback =
          m.group(2) != null && m.group(2).startsWith(":-") ? m.group(2).substring(2) : null;
      m.appendReplacement(out, Matcher.quoteReplacement(given != null ? given : fallback));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String image(String service) {
    return (String) services.get(service).get("image");
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> env(String service) {
    Map<String, String> env = new HashMap<>();
    ((Map<String, Object>) services.get(service).get("environment"))
        .forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> in, String key) {
    Object v = in.get(key);
    assertTrue(v instanceof Map, key + " is a mapping: " + v);
    return (Map<String, Object>) v;
  }
}
