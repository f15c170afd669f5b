package dev.ordersync.server;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.config.yaml.YamlConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings the server starts with (decision 0050-config-tls): a YAML file named by {@code
 * --config FILE} or ORDERSYNC_CONFIG, read with Helidon Config, with the environment over it, and
 * the secrets' {@code *_FILE} variants read. The result is the flat map of variables that {@link
 * ServerConfig#fromEnvironment} validates, so a setting has one name, one default and one check
 * whichever way it was given.
 *
 * <p>A key of the file is its variable without {@code ORDERSYNC_}, in lower case, with {@code -}
 * for {@code _}: {@code db-url} is ORDERSYNC_DB_URL. Nesting counts as a dash, so {@code db: {url:
 * ...}} is {@code db-url} too. Keys under {@code otel} are the OpenTelemetry variables: {@code
 * otel: {traces-exporter: otlp}} is OTEL_TRACES_EXPORTER. Any other key is refused.
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * Every variable of the README's settings table (ConfigKeysMatchReadmeTest keeps the two the
   * same); the file may set each of them, and nothing else but {@code otel.*}.
   */
  static final Set<String> SETTINGS =
      Set.of(
          "ORDERSYNC_PORT",
          "ORDERSYNC_HOST",
          "ORDERSYNC_MANAGEMENT_PORT",
          "ORDERSYNC_AUDIT_VERIFY_INTERVAL",
          "ORDERSYNC_MANAGEMENT_HOST",
          "ORDERSYNC_DATA_DIR",
          "ORDERSYNC_DB_URL",
          "ORDERSYNC_DB_USER",
          "ORDERSYNC_DB_PASSWORD",
          "ORDERSYNC_DB_POOL_SIZE",
          "ORDERSYNC_REDIS_URL",
          "ORDERSYNC_REDIS_KEY_PREFIX",
          "ORDERSYNC_WS_PING_INTERVAL",
          "ORDERSYNC_WS_QUEUE_LIMIT",
          "ORDERSYNC_WS_RECHECK_INTERVAL",
          "ORDERSYNC_RATE_LIMITS",
          "ORDERSYNC_ORDER_LANES",
          "ORDERSYNC_GROUP_COMMIT_MAX",
          "ORDERSYNC_GROUP_COMMIT",
          "ORDERSYNC_AUDIT",
          "ORDERSYNC_FAKE_NOW",
          "ORDERSYNC_TRUST_FORWARDED_FOR",
          "ORDERSYNC_MAX_BODY_BYTES",
          "ORDERSYNC_MAX_CONNECTIONS",
          "ORDERSYNC_MAX_CONNECTIONS_PER_ADDRESS",
          "ORDERSYNC_HEADER_TIMEOUT",
          "ORDERSYNC_BODY_TIMEOUT",
          "ORDERSYNC_IDLE_TIMEOUT",
          "ORDERSYNC_ACCESS_TOKEN_TTL",
          "ORDERSYNC_MASTER_KEY",
          "ORDERSYNC_MASTER_KEY_FILE",
          "ORDERSYNC_KMS_KEY_ARN",
          "ORDERSYNC_KEYS_DIR",
          "ORDERSYNC_JWT_KEYSET",
          "ORDERSYNC_KMS_REGION",
          "ORDERSYNC_KMS_ENDPOINT",
          "ORDERSYNC_SECRETS_KEYSET",
          "ORDERSYNC_TOSS_SECRET_KEY",
          "ORDERSYNC_TOSS_API_URL",
          "ORDERSYNC_TOSS_TIMEOUT",
          "ORDERSYNC_TOSS_FEE_RATE",
          "ORDERSYNC_TOSS_CLIENT_KEY",
          "ORDERSYNC_TOSS_SCRIPT_URL",
          "ORDERSYNC_PUBLIC_URL",
          "ORDERSYNC_PAYMENT_TIMEOUT",
          "ORDERSYNC_ANALYTICS_ROLLUP_SECONDS",
          "ORDERSYNC_PAYMENT_SWEEP_INTERVAL",
          "ORDERSYNC_ORDER_TOKEN_KEY",
          "ORDERSYNC_LOG_FORMAT",
          "ORDERSYNC_ALIGO_KEY",
          "ORDERSYNC_ALIGO_USER_ID",
          "ORDERSYNC_ALIGO_SENDER",
          "ORDERSYNC_ALIGO_API_URL",
          "ORDERSYNC_ALIGO_TEST_MODE",
          "ORDERSYNC_SENDGRID_API_KEY",
          "ORDERSYNC_MAIL_FROM",
          "ORDERSYNC_SENDGRID_API_URL",
          "ORDERSYNC_NOTIFY_CONNECT_TIMEOUT",
          "ORDERSYNC_NOTIFY_TIMEOUT",
          "ORDERSYNC_NOTIFY_CONCURRENCY",
          "ORDERSYNC_NOTIFY_POLL_INTERVAL",
          "ORDERSYNC_NOTIFY_CLAIM_LEASE",
          "ORDERSYNC_NOTIFY_SEND_LEASE",
          "ORDERSYNC_NOTIFY_RETRY_BASE",
          "ORDERSYNC_NOTIFY_RETRY_CAP",
          "ORDERSYNC_NOTIFY_MAX_AGE",
          "ORDERSYNC_TLS_CERT",
          "ORDERSYNC_TLS_KEY",
          "ORDERSYNC_TLS_MIN_VERSION",
          "ORDERSYNC_TLS_RELOAD_INTERVAL",
          "ORDERSYNC_DRAIN_DELAY",
          "ORDERSYNC_DRAIN_TIMEOUT",
          "ORDERSYNC_WEBHOOKS_ALLOW_HTTP",
          "ORDERSYNC_WEBHOOKS_CONCURRENCY",
          "ORDERSYNC_WEBHOOKS_CONNECT_TIMEOUT",
          "ORDERSYNC_WEBHOOKS_FAILURE_WINDOW",
          "ORDERSYNC_WEBHOOKS_POLL_INTERVAL",
          "ORDERSYNC_WEBHOOKS_RETRY_BASE",
          "ORDERSYNC_WEBHOOKS_RETRY_CAP",
          "ORDERSYNC_WEBHOOKS_ROTATION_GRACE",
          "ORDERSYNC_WEBHOOKS_TIMEOUT",
          "ORDERSYNC_CONFIG");

  /**
   * The secrets that may be given in a file instead: {@code NAME_FILE} names a file whose content,
   * trimmed, is the value. (ORDERSYNC_MASTER_KEY_FILE is a setting of its own, read later.)
   */
  static final List<String> SECRETS =
      List.of(
          "ORDERSYNC_DB_PASSWORD",
          "ORDERSYNC_REDIS_URL",
          "ORDERSYNC_JWT_KEYSET",
          "ORDERSYNC_SECRETS_KEYSET",
          "ORDERSYNC_ORDER_TOKEN_KEY",
          "ORDERSYNC_TOSS_SECRET_KEY",
          "ORDERSYNC_ALIGO_KEY",
          "ORDERSYNC_SENDGRID_API_KEY");

  /**
   * The variables the server starts with: the file's (if {@code --config} in {@code args} or
   * ORDERSYNC_CONFIG names one), then {@code env} over them, then each secret's {@code _FILE} read.
   * A {@link ServerConfig.Invalid} names the key and what is allowed.
   */
  static Map<String, String> settings(Map<String, String> env, List<String> args) {
    String file = configFile(env, args);
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      Map<String, String> fromFile = read(Path.of(file));
      bothForms(fromFile, "the config file's ");
      merged.putAll(fromFile);
    }
    bothForms(env, "");
    env.forEach(
        (name, value) -> {
          if (value == null) {
            return;
          }
          // The environment's value replaces the file's, in either form of a secret.
          if (name.endsWith("_FILE") && SECRETS.contains(name.substring(0, name.length() - 5))) {
            merged.remove(name.substring(0, name.length() - 5));
          } else if (SECRETS.contains(name)) {
            merged.remove(name + "_FILE");
          }
          merged.put(name, value);
        });
    for (String secret : SECRETS) {
      String path = blankToNull(merged.remove(secret + "_FILE"));
      if (path != null) {
        merged.put(secret, readSecret(secret + "_FILE", Path.of(path.strip())));
      }
    }
    return merged;
  }

  /** {@code --config FILE} or {@code --config=FILE}, else ORDERSYNC_CONFIG, else null. */
  static String configFile(Map<String, String> env, List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--config")) {
        if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
          throw new ServerConfig.Invalid("--config must be followed by a YAML file");
        }
        return args.get(i + 1);
      }
      if (a.startsWith("--config=")) {
        return a.substring("--config=".length());
      }
    }
    return blankToNull(env.get("ORDERSYNC_CONFIG"));
  }

  /** The file's settings as variables; an unknown key or an unreadable file is refused. */
  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ServerConfig.Invalid(
          "the config file " + file.toAbsolutePath() + " does not exist or cannot be read");
    }
    Config config;
    try {
      config =
          Config.builder()
              .disableEnvironmentVariablesSource()
              .disableSystemPropertiesSource()
              .disableParserServices()
              .disableFilterServices()
              .disableValueResolving()
              .disableKeyResolving()
              .disableMapperServices()
              .addParser(YamlConfigParser.create())
              .sources(
                  ConfigSources.file(file)
                      .mediaType(
                          io.helidon.common.media.type.MediaTypes.create("application/x-yaml")))
              .build();
    } catch (ConfigException e) {
      throw new ServerConfig.Invalid(
          "the config file " + file + " is not YAML that can be read: " + oneLine(e));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> keyOf = new HashMap<>();
    try {
      config
          .traverse()
          .filter(node -> node.type() == Config.Type.VALUE)
          .forEach(
              node -> {
                String key = node.key().toString();
                String name = variable(key);
                if (name == null) {
                  throw new ServerConfig.Invalid(
                      "unknown key '"
                          + key
                          + "' in the config file "
                          + file
                          + ": the keys are the settings of the README's table without"
                          + " ORDERSYNC_, in lower case with - for _ (db-url for"
                          + " ORDERSYNC_DB_URL), the secrets' ...-file, and otel.*");
                }
                String earlier = keyOf.put(name, key);
                if (earlier != null) {
                  throw new ServerConfig.Invalid(
                      "the config file "
                          + file
                          + " sets "
                          + name
                          + " twice, as '"
                          + earlier
                          + "' and as '"
                          + key
                          + "'");
                }
                settings.put(name, switchWord(name, node.asString().orElse("")));
              });
    } catch (ConfigException e) {
      throw new ServerConfig.Invalid("the config file " + file + ": " + oneLine(e));
    }
    return settings;
  }

  /** The settings that take {@code on} or {@code off}, which YAML 1.1 reads as true and false. */
  private static final Set<String> SWITCHES =
      Set.of(
          "ORDERSYNC_RATE_LIMITS",
          "ORDERSYNC_GROUP_COMMIT",
          "ORDERSYNC_AUDIT",
          "ORDERSYNC_AUDIT_VERIFY_INTERVAL",
          "ORDERSYNC_MANAGEMENT_PORT");

  /**
   * A bare {@code off} in the file reaches us as {@code false} (YAML 1.1, which the parser speaks):
   * it is given back as written, so {@code rate-limits: off} means off, not an error.
   */
  private static String switchWord(String name, String value) {
    if (SWITCHES.contains(name)) {
      return switch (value) {
        case "false" -> "off";
        case "true" -> "on";
        default -> value;
      };
    }
    return value;
  }

  /** The variable a key of the file sets, or null when it sets none. */
  static String variable(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (!k.equals(key) || !wellFormed(k)) {
      return null;
    }
    if (k.startsWith("otel.") || k.startsWith("otel-")) {
      return "OTEL_" + k.substring(5).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
    String name = "ORDERSYNC_" + k.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    if (name.equals("ORDERSYNC_CONFIG")) {
      return null; // a file does not name another
    }
    if (SETTINGS.contains(name)) {
      return name;
    }
    if (name.endsWith("_FILE") && SECRETS.contains(name.substring(0, name.length() - 5))) {
      return name;
    }
    return null;
  }

  /** Lower-case words of letters and digits joined by single dots or dashes. */
  private static boolean wellFormed(String k) {
    if (k.isEmpty()) {
      return false;
    }
    boolean afterSeparator = true;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean separator = c == '.' || c == '-';
      if (separator ? afterSeparator : !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
      afterSeparator = separator;
    }
    return !afterSeparator;
  }

  /** The key of the file that sets {@code variable}. */
  static String key(String variable) {
    String rest =
        variable.startsWith("ORDERSYNC_")
            ? variable.substring("ORDERSYNC_".length())
            : "OTEL_" + variable.substring("OTEL_".length());
    return rest.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void bothForms(Map<String, String> settings, String where) {
    for (String secret : SECRETS) {
      if (blankToNull(settings.get(secret)) != null
          && blankToNull(settings.get(secret + "_FILE")) != null) {
        throw new ServerConfig.Invalid(
            where.isEmpty()
                ? "set " + secret + " or " + secret + "_FILE, not both"
                : "set "
                    + key(secret)
                    + " or "
                    + key(secret + "_FILE")
                    + " in the config file, not both");
      }
    }
  }

  private static String readSecret(String name, Path file) {
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new ServerConfig.Invalid(
          name
              + " names "
              + file
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (value.isEmpty()) {
      throw new ServerConfig.Invalid(name + " names " + file + ", which is empty");
    }
    return value;
  }

  /** The known keys of the file, sorted (for the README test and the help). */
  static Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    SETTINGS.forEach(s -> keys.add(key(s)));
    return keys;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable c = e.getCause();
    if (c != null && c.getMessage() != null) {
      m = m + ": " + c.getMessage();
    }
    return m.replaceAll("\\s+", " ").strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
