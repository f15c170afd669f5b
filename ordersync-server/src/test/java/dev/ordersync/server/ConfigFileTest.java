package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML config file, the environment over it, the secrets' _FILE variants and the errors. */
class ConfigFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static ServerConfig load(Map<String, String> env, String... args) {
    return ServerConfig.fromEnvironment(ConfigFile.settings(env, List.of(args)));
  }

  private static String error(Map<String, String> env, String... args) {
    String m =
        assertThrows(ServerConfig.Invalid.class, () -> load(env, args), "should be refused")
            .getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    return m;
  }

  @Test
  void theFileSetsWhatTheEnvironmentDoesNotAndTheEnvironmentWins() throws Exception {
    Path file =
        write(
            "ordersync.yaml",
            """
            port: 9090
            db:
              url: jdbc:postgresql://db.example:5432/ordersync
              user: ordersync
              pool-size: 24
            ws-ping-interval: PT20S
            rate-limits: "on"
            notify-retry-cap: PT10M
            otel:
              traces-exporter: none
            """);
    ServerConfig c = load(Map.of("ORDERSYNC_DB_POOL_SIZE", "30"), "--config", file.toString());
    assertEquals(9090, c.port());
    assertEquals("jdbc:postgresql://db.example:5432/ordersync", c.dbUrl());
    assertEquals("ordersync", c.dbUser());
    assertEquals(30, c.dbPoolSize(), "the environment overrides the file");
    assertEquals(Duration.ofSeconds(20), c.wsPingInterval());
    assertEquals(Duration.ofMinutes(10), c.notifyDelivery().retryCap());
    assertEquals("none", c.observability().otel().get("OTEL_TRACES_EXPORTER"));
    assertFalse(c.rateLimitsOff());

    ServerConfig viaVariable =
        load(Map.of("ORDERSYNC_CONFIG", file.toString(), "ORDERSYNC_PORT", "9191"));
    assertEquals(9191, viaVariable.port());
    assertEquals(24, viaVariable.dbPoolSize());

    ServerConfig equalsForm = load(Map.of(), "--config=" + file);
    assertEquals(9090, equalsForm.port());
  }

  @Test
  void everySecretHasAFileVariantInTheEnvironmentAndInTheFile() throws Exception {
    Path password = write("db-password", "  s3cret-pw \n");
    Path toss = write("toss", "test_sk_abc\n");
    Path aligo = write("aligo", "aligokey123");
    Path sendgrid = write("sendgrid", "SG.key");
    Path redis = write("redis", "redis://:pw@127.0.0.1:6379");
    Path orderToken = write("order-token", "b3JkZXJzeW5jLXRlc3QtbWFzdGVyLWtleS0zMmJ5dGU=");
    Path file =
        write(
            "ordersync.yaml",
            "toss-secret-key-file: "
                + toss
                + "\naligo-key-file: "
                + aligo
                + "\naligo-user-id: shop\naligo-sender: 02-511-4560\n"
                + "sendgrid-api-key: from-the-file\nmail-from: orders@example.kr\n");
    Map<String, String> env =
        Map.of(
            "ORDERSYNC_CONFIG", file.toString(),
            "ORDERSYNC_DB_PASSWORD_FILE", password.toString(),
            "ORDERSYNC_SENDGRID_API_KEY_FILE", sendgrid.toString(),
            "ORDERSYNC_REDIS_URL_FILE", redis.toString(),
            "ORDERSYNC_ORDER_TOKEN_KEY_FILE", orderToken.toString());
    ServerConfig c = load(env);
    assertEquals("s3cret-pw", c.dbPassword(), "the file's content, trimmed");
    assertEquals("test_sk_abc", c.toss().secretKey());
    assertEquals("aligokey123", c.notifications().sms().key());
    assertEquals(
        "SG.key",
        c.notifications().email().apiKey(),
        "the environment's _FILE replaces the file's plain value");
    assertEquals("redis://:pw@127.0.0.1:6379", c.redisUrl());
    assertEquals("b3JkZXJzeW5jLXRlc3QtbWFzdGVyLWtleS0zMmJ5dGU=", c.orderTokenKey());
    for (String s : ConfigFile.SECRETS) {
      assertEquals(
          s + "_FILE", ConfigFile.variable(ConfigFile.key(s) + "-file"), "file key of " + s);
    }
  }

  @Test
  void bothFormsOfASecretAreRefused() throws Exception {
    Path pw = write("pw", "x");
    assertEquals(
        "set ORDERSYNC_DB_PASSWORD or ORDERSYNC_DB_PASSWORD_FILE, not both",
        error(Map.of("ORDERSYNC_DB_PASSWORD", "a", "ORDERSYNC_DB_PASSWORD_FILE", pw.toString())));
    Path file = write("both.yaml", "toss-secret-key: a\ntoss-secret-key-file: " + pw + "\n");
    assertEquals(
        "set toss-secret-key or toss-secret-key-file in the config file, not both",
        error(Map.of("ORDERSYNC_CONFIG", file.toString())));
    assertEquals(
        "set ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE, not both",
        error(
            Map.of(
                "ORDERSYNC_MASTER_KEY",
                TestServer.MASTER_KEY,
                "ORDERSYNC_MASTER_KEY_FILE",
                pw.toString())));
  }

  @Test
  void aSecretFileThatCannotBeReadOrIsEmptyIsRefused() throws Exception {
    String missing = dir.resolve("nope").toString();
    String m = error(Map.of("ORDERSYNC_TOSS_SECRET_KEY_FILE", missing));
    assertEquals(
        "ORDERSYNC_TOSS_SECRET_KEY_FILE names "
            + missing
            + ", which cannot be read (NoSuchFileException)",
        m);
    Path empty = write("empty", " \n");
    assertEquals(
        "ORDERSYNC_ALIGO_KEY_FILE names " + empty + ", which is empty",
        error(Map.of("ORDERSYNC_ALIGO_KEY_FILE", empty.toString())));
  }

  @Test
  void anUnknownKeyIsRefusedWithTheRule() throws Exception {
    Path file = write("typo.yaml", "port: 8081\ndb:\n  pool_size: 3\n");
    String m = error(Map.of(), "--config", file.toString());
    assertTrue(m.startsWith("unknown key 'db.pool_size' in the config file " + file), m);
    assertTrue(m.contains("db-url for ORDERSYNC_DB_URL"), m);

    Path other = write("other.yaml", "colour: blue\n");
    assertTrue(error(Map.of(), "--config", other.toString()).startsWith("unknown key 'colour'"));
    Path nested = write("nested.yaml", "config: other.yaml\n");
    assertTrue(error(Map.of(), "--config", nested.toString()).startsWith("unknown key 'config'"));
    Path twice = write("twice.yaml", "db-url: jdbc:postgresql://a/b\ndb:\n  url: jdbc:x\n");
    assertTrue(
        error(Map.of(), "--config", twice.toString()).contains("sets ORDERSYNC_DB_URL twice"));
  }

  @Test
  void badValuesAreRefusedWhereverTheyCameFrom() throws Exception {
    Path file = write("bad.yaml", "db-pool-size: lots\n");
    assertEquals(
        "ORDERSYNC_DB_POOL_SIZE must be a whole number from 1 to 500, not 'lots'",
        error(Map.of(), "--config", file.toString()));
    assertEquals(
        "ORDERSYNC_WS_PING_INTERVAL must be an ISO-8601 duration between PT1S and P1D (for"
            + " example PT15M), not '25s'",
        error(Map.of("ORDERSYNC_WS_PING_INTERVAL", "25s")));
    assertEquals(
        "ORDERSYNC_RATE_LIMITS must be on or off, not 'of'",
        error(Map.of("ORDERSYNC_RATE_LIMITS", "of")));
    assertEquals(
        "ORDERSYNC_TLS_MIN_VERSION must be 1.3 or 1.2, not '1.1'",
        error(Map.of("ORDERSYNC_TLS_MIN_VERSION", "1.1")));
    assertTrue(
        error(Map.of("ORDERSYNC_TLS_CERT", "/x.pem"))
            .startsWith("ORDERSYNC_TLS_CERT is set but ORDERSYNC_TLS_KEY is not"));
    Path missing = dir.resolve("missing.yaml");
    assertEquals(
        "the config file " + missing + " does not exist or cannot be read",
        error(Map.of("ORDERSYNC_CONFIG", missing.toString())));
    assertEquals("--config must be followed by a YAML file", error(Map.of(), "--config"));
    Path notYaml = write("broken.yaml", "port: [8080\n");
    assertTrue(
        error(Map.of(), "--config", notYaml.toString())
            .startsWith("the config file " + notYaml + " is not YAML that can be read"));
  }

  @Test
  void yamlSwitchesAreTakenAsWritten() throws Exception {
    // YAML 1.1 reads a bare off as false; the switch must still mean off, not fail nor default.
    Path file = write("switches.yaml", "rate-limits: off\ngroup-commit: off\n");
    ServerConfig c = load(Map.of(), "--config", file.toString());
    assertTrue(c.rateLimitsOff());
    assertFalse(c.orderPath().groupCommit());
  }

  @Test
  void withoutAFileTheEnvironmentAloneCounts() {
    ServerConfig c = load(Map.of("ORDERSYNC_PORT", "8181"));
    assertEquals(8181, c.port());
    assertNull(c.dbUrl());
    assertFalse(c.tls().enabled());
  }

  /** The README's settings table and the keys the config file knows are one set. */
  @Test
  void theReadmeTableAndTheKnownKeysAreTheSameSet() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf("| variable | default | meaning |");
    assertTrue(start >= 0, "the README's settings table");
    Set<String> documented = new TreeSet<>();
    Pattern name = Pattern.compile("`(ORDERSYNC_[A-Z0-9_]+)`");
    for (String line : text.substring(start).split("\n")) {
      if (!line.startsWith("|")) {
        break;
      }
      String firstCell = line.split("\\|", 3)[1];
      Matcher m = name.matcher(firstCell);
      while (m.find()) {
        documented.add(m.group(1));
      }
    }
    assertEquals(new TreeSet<>(ConfigFile.SETTINGS), documented);
    for (String s : ConfigFile.SETTINGS) {
      if (!s.equals("ORDERSYNC_CONFIG")) {
        assertEquals(s, ConfigFile.variable(ConfigFile.key(s)), "key of " + s);
      }
    }
  }

  /** The example file in ops/ is a file the server accepts. */
  @Test
  void theExampleFileLoads() {
    Path example = Path.of("..", "ops", "ordersync.example.yaml");
    Map<String, String> settings = ConfigFile.read(example);
    assertFalse(settings.isEmpty());
    ServerConfig.fromEnvironment(settings);
  }
}
