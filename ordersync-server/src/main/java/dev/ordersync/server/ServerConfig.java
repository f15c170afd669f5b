package dev.ordersync.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Everything the server can be told, read once from the environment. Only the wiring sees this;
 * everything else gets typed values.
 *
 * @param dbUrl a JDBC URL of an external PostgreSQL, or null for the embedded one in {@code
 *     dataDir}
 * @param redisUrl Redis for rate limits and live events between instances, or null (one instance:
 *     in-process)
 * @param wsPingInterval how often the server pings each WebSocket; one that stays silent for 2.5
 *     intervals is closed
 * @param wsQueueLimit how many messages may wait for one WebSocket before it is closed as too slow
 *     (code 4409)
 * @param wsRecheckInterval how often a signed-in WebSocket checks that its session and access still
 *     hold
 * @param auditVerifyInterval how often the audit hash chain is verified in the background (the
 *     {@code ordersync_audit_chain_intact} gauge and its alert), or null when {@code off}
 * @param analyticsRollupSeconds ORDERSYNC_ANALYTICS_ROLLUP_SECONDS, how often the analytics rollups
 *     catch up with the order feeds (0: never; answers stay exact, only slower)
 * @param drain how the server stops on SIGTERM (decision 0049-deploy)
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    String redisUrl,
    int maxBodyBytes,
    Duration accessTokenLifetime,
    String jwtKeysetJson,
    String secretsKeysetJson,
    String orderTokenKey,
    boolean trustForwardedFor,
    boolean rateLimitsOff,
    String redisKeyPrefix,
    java.time.Instant fakeNow,
    String kmsKeyArn,
    String kmsRegion,
    String kmsEndpoint,
    Path keysDir,
    TossSettings toss,
    Duration wsPingInterval,
    int wsQueueLimit,
    Duration wsRecheckInterval,
    OrderPath orderPath,
    Connections connections,
    java.net.URI publicUrl,
    TossWindow tossWindow,
    dev.ordersync.server.notify.NotifySettings notifications,
    Management management,
    Duration auditVerifyInterval,
    MasterKey masterKey,
    Observability observability,
    NotifyDelivery notifyDelivery,
    int analyticsRollupSeconds,
    WebhookDelivery webhooks,
    Drain drain,
    TlsSettings tls) {

  /**
   * Outbound webhooks (decision 0045-webhooks).
   *
   * @param allowHttp ORDERSYNC_WEBHOOKS_ALLOW_HTTP=true: http endpoints on a loopback host, and
   *     https to private and loopback addresses (tests and local development; never in production)
   * @param concurrency ORDERSYNC_WEBHOOKS_CONCURRENCY, sends at once per instance (32)
   * @param pollInterval ORDERSYNC_WEBHOOKS_POLL_INTERVAL, how often an instance looks for
   *     deliveries another instance committed (PT0.5S)
   * @param connectTimeout ORDERSYNC_WEBHOOKS_CONNECT_TIMEOUT (PT5S)
   * @param requestTimeout ORDERSYNC_WEBHOOKS_TIMEOUT, the whole answer (PT10S)
   * @param retryBase ORDERSYNC_WEBHOOKS_RETRY_BASE, the first retry's backoff ceiling (PT30S: the
   *     first retry comes within a minute), doubled each attempt
   * @param retryCap ORDERSYNC_WEBHOOKS_RETRY_CAP, the largest backoff ceiling (PT1H)
   * @param failureWindow ORDERSYNC_WEBHOOKS_FAILURE_WINDOW, how long a delivery is retried, and how
   *     long an endpoint may fail before it is turned off and its owners emailed (P3D)
   * @param rotationGrace ORDERSYNC_WEBHOOKS_ROTATION_GRACE, how long a rotated-out secret stays
   *     valid and signs too (P1D)
   */
  public record WebhookDelivery(
      boolean allowHttp,
      int concurrency,
      Duration pollInterval,
      Duration connectTimeout,
      Duration requestTimeout,
      Duration retryBase,
      Duration retryCap,
      Duration failureWindow,
      Duration rotationGrace) {
    /** How long a claimed delivery is this instance's: longer than a send may take. */
    public Duration claimLease() {
      return connectTimeout.plus(requestTimeout).plusSeconds(30);
    }
  }

  /**
   * How a stopping server drains (decision 0049-deploy): readiness goes down at once, the listener
   * keeps serving for {@code delay} so that balancers that probe readiness stop sending, then the
   * sockets are closed with 1001, the listener stops accepting and the requests in flight finish;
   * the whole stop takes at most {@code timeout}.
   *
   * @param delay ORDERSYNC_DRAIN_DELAY, readiness down to listener closed (PT2S; PT0S allowed)
   * @param timeout ORDERSYNC_DRAIN_TIMEOUT, the bound on the whole drain (PT30S); past it the
   *     process halts with status 1
   */
  public record Drain(Duration delay, Duration timeout) {}

  /**
   * TLS on the public port (decision 0050-config-tls): off unless ORDERSYNC_TLS_CERT and
   * ORDERSYNC_TLS_KEY are both set.
   *
   * @param cert ORDERSYNC_TLS_CERT, a PEM file: the server's certificate, then its chain
   * @param key ORDERSYNC_TLS_KEY, a PEM file: its private key (PKCS#8, or PKCS#1 RSA / SEC1 EC)
   * @param minVersion ORDERSYNC_TLS_MIN_VERSION, {@code 1.3} (the default: TLS 1.3 only) or {@code
   *     1.2} (1.3 preferred, 1.2 accepted, for old clients)
   * @param reloadInterval ORDERSYNC_TLS_RELOAD_INTERVAL, how often the two files are looked at;
   *     when either changed, new connections get the new certificate (PT10S)
   */
  public record TlsSettings(Path cert, Path key, String minVersion, Duration reloadInterval) {
    public static final TlsSettings OFF =
        new TlsSettings(null, null, "1.3", Duration.ofSeconds(10));

    public boolean enabled() {
      return cert != null;
    }

    /** The protocols the server accepts, the newest first. */
    public java.util.List<String> protocols() {
      return minVersion.equals("1.2")
          ? java.util.List.of("TLSv1.3", "TLSv1.2")
          : java.util.List.of("TLSv1.3");
    }
  }

  /**
   * How recorded notifications are delivered (decision 42).
   *
   * @param concurrency ORDERSYNC_NOTIFY_CONCURRENCY, sends at once per channel and instance (16)
   * @param pollInterval ORDERSYNC_NOTIFY_POLL_INTERVAL, how often an instance looks for messages
   *     another instance committed (PT0.5S; its own it sends at once)
   * @param claimLease ORDERSYNC_NOTIFY_CLAIM_LEASE, how long a claimed message waits to be marked
   *     sending before another instance may take it (PT30S)
   * @param sendLease ORDERSYNC_NOTIFY_SEND_LEASE, how long a message may stay sending before it is
   *     taken for unknown; longer than the providers' timeouts (PT2M)
   * @param retryBase ORDERSYNC_NOTIFY_RETRY_BASE, the first retry's backoff ceiling, doubled each
   *     attempt (PT5S)
   * @param retryCap ORDERSYNC_NOTIFY_RETRY_CAP, the largest backoff ceiling (PT30M)
   * @param maxAge ORDERSYNC_NOTIFY_MAX_AGE, how long a message is retried before it fails as
   *     expired (P1D)
   */
  public record NotifyDelivery(
      int concurrency,
      Duration pollInterval,
      Duration claimLease,
      Duration sendLease,
      Duration retryBase,
      Duration retryCap,
      Duration maxAge) {}

  /**
   * The management listener, where the metrics are served (decision 0039): never the public port.
   *
   * @param host ORDERSYNC_MANAGEMENT_HOST, the address it binds (127.0.0.1 by default: only the
   *     machine itself, or a sidecar, can scrape; set 0.0.0.0 where Prometheus scrapes the pod)
   * @param port ORDERSYNC_MANAGEMENT_PORT, 0 for any free port, or -1 when it is unset or {@code
   *     off}: then no listener is opened and nothing serves the metrics
   */
  public record Management(String host, int port) {
    public static final int OFF = -1;

    public boolean enabled() {
      return port != OFF;
    }
  }

  /**
   * The master key that wraps the deployment's keys in the database (decision 40), when no KMS key
   * does: ORDERSYNC_MASTER_KEY (32 bytes in base64) or ORDERSYNC_MASTER_KEY_FILE (a file holding
   * that). Both null: none given.
   *
   * @param base64 the key itself, checked to be 32 bytes of base64
   * @param file the file that holds it, read when the server starts
   */
  public record MasterKey(String base64, Path file) {
    static final MasterKey NONE = new MasterKey(null, null);

    boolean given() {
      return base64 != null || file != null;
    }

    @Override
    public String toString() {
      return base64 != null ? "MasterKey[from ORDERSYNC_MASTER_KEY]" : "MasterKey[" + file + "]";
    }
  }

  /**
   * How the server's work is seen (decision 41).
   *
   * @param logFormat ORDERSYNC_LOG_FORMAT: {@code text} (the default, for a terminal) or {@code
   *     json} (one object a line)
   * @param otel the OTEL_* variables, read by OpenTelemetry's autoconfiguration; tracing is on when
   *     OTEL_TRACES_EXPORTER names an exporter other than {@code none}
   */
  public record Observability(
      dev.ordersync.server.observe.LogFormat logFormat, Map<String, String> otel) {
    public Observability {
      otel = Map.copyOf(otel);
    }

    /** Whether traces are recorded and exported. */
    public boolean tracing() {
      String exporter = otel.getOrDefault("OTEL_TRACES_EXPORTER", "").strip();
      return !exporter.isEmpty()
          && !exporter.equalsIgnoreCase("none")
          && !"true".equalsIgnoreCase(otel.getOrDefault("OTEL_SDK_DISABLED", "").strip());
    }
  }

  /**
   * What the guest's page needs to open Toss's payment window (GET /api/v1/payments/window), and
   * what the pages' CSP must allow.
   *
   * @param clientKey ORDERSYNC_TOSS_CLIENT_KEY ({@code test_ck_...} or {@code live_ck_...}), or
   *     null: no online payment window
   * @param scriptUrl ORDERSYNC_TOSS_SCRIPT_URL, an http(s) URL, by default
   *     https://js.tosspayments.com/v1/payment
   */
  public record TossWindow(String clientKey, java.net.URI scriptUrl) {
    public static final java.net.URI DEFAULT_SCRIPT =
        java.net.URI.create("https://js.tosspayments.com/v1/payment");

    public boolean enabled() {
      return clientKey != null;
    }

    /** The origin the CSP names for the script, e.g. {@code https://js.tosspayments.com}. */
    public String scriptOrigin() {
      return scriptUrl.getScheme()
          + "://"
          + scriptUrl.getHost()
          + (scriptUrl.getPort() == -1 ? "" : ":" + scriptUrl.getPort());
    }
  }

  /**
   * Limits at the edge, on TCP connections (decision 31; docs/operations.md, "Connection limits and
   * timeouts").
   *
   * @param maxTotal ORDERSYNC_MAX_CONNECTIONS, connections held at once; 0 (the default) derives it
   *     from the process's file-descriptor limit
   * @param maxPerAddress ORDERSYNC_MAX_CONNECTIONS_PER_ADDRESS; 0 (the default) is 256, or the
   *     total when ORDERSYNC_TRUST_FORWARDED_FOR says every client comes through a proxy
   * @param headerTimeout ORDERSYNC_HEADER_TIMEOUT, accept (or a kept-alive connection's next
   *     request line) to the end of the headers (PT10S)
   * @param bodyTimeout ORDERSYNC_BODY_TIMEOUT, end of the headers to the start of the answer: the
   *     body must arrive and the answer begin within it (PT30S)
   * @param idleTimeout ORDERSYNC_IDLE_TIMEOUT, last byte written to the next request line (PT75S)
   */
  public record Connections(
      int maxTotal,
      int maxPerAddress,
      Duration headerTimeout,
      Duration bodyTimeout,
      Duration idleTimeout) {
    public static Connections defaults() {
      return new Connections(
          0, 0, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(75));
    }
  }

  /**
   * How orders are written. {@code auditOff} exists only to measure what auditing costs
   * (ORDERSYNC_AUDIT=off, refused unless spelled out, warned about loudly at start); group commit
   * writes concurrent orders in shared transactions (decision 0017) over {@code lanes} connections
   * at most, at most {@code maxBatch} orders per transaction.
   */
  public record OrderPath(boolean auditOff, boolean groupCommit, int lanes, int maxBatch) {
    public static OrderPath defaults() {
      return new OrderPath(false, true, 4, 64);
    }
  }

  /**
   * Online payments through Toss Payments. With no secret key, online payment is off: restaurants
   * cannot switch to {@code ONLINE}.
   *
   * @param secretKey ORDERSYNC_TOSS_SECRET_KEY ({@code test_sk_...} or {@code live_sk_...}), or
   *     null
   * @param apiUrl ORDERSYNC_TOSS_API_URL, by default https://api.tosspayments.com
   * @param timeout ORDERSYNC_TOSS_TIMEOUT, the time-out of each call to Toss (PT10S)
   * @param feeRate ORDERSYNC_TOSS_FEE_RATE, the gateway's fee as a fraction of the gross (0.034)
   * @param paymentTimeout ORDERSYNC_PAYMENT_TIMEOUT, how long an order waits for its payment before
   *     it expires (PT15M)
   * @param sweepInterval ORDERSYNC_PAYMENT_SWEEP_INTERVAL, how often unpaid orders are looked at
   *     (PT30S)
   */
  public record TossSettings(
      String secretKey,
      java.net.URI apiUrl,
      Duration timeout,
      java.math.BigDecimal feeRate,
      Duration paymentTimeout,
      Duration sweepInterval) {
    public boolean enabled() {
      return secretKey != null;
    }

    @Override
    public String toString() {
      return "TossSettings[apiUrl="
          + apiUrl
          + ", secretKey="
          + (secretKey == null ? "none" : "(set)")
          + "]";
    }
  }

  /** A setting that cannot be used; the message names the variable. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message);
    }
  }

  public static ServerConfig fromEnvironment(Map<String, String> env) {
    return new ServerConfig(
        env.getOrDefault("ORDERSYNC_HOST", "0.0.0.0"),
        integer(env, "ORDERSYNC_PORT", 8080, 0, 65535),
        Path.of(env.getOrDefault("ORDERSYNC_DATA_DIR", "./ordersync-data"))
            .toAbsolutePath()
            .normalize(),
        blankToNull(env.get("ORDERSYNC_DB_URL")),
        blankToNull(env.get("ORDERSYNC_DB_USER")),
        blankToNull(env.get("ORDERSYNC_DB_PASSWORD")),
        integer(env, "ORDERSYNC_DB_POOL_SIZE", 16, 1, 500),
        blankToNull(env.get("ORDERSYNC_REDIS_URL")),
        integer(env, "ORDERSYNC_MAX_BODY_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
        duration(env, "ORDERSYNC_ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
        blankToNull(env.get("ORDERSYNC_JWT_KEYSET")),
        blankToNull(env.get("ORDERSYNC_SECRETS_KEYSET")),
        blankToNull(env.get("ORDERSYNC_ORDER_TOKEN_KEY")),
        bool(env, "ORDERSYNC_TRUST_FORWARDED_FOR"),
        !onOff(env, "ORDERSYNC_RATE_LIMITS", true),
        env.getOrDefault("ORDERSYNC_REDIS_KEY_PREFIX", "ordersync:"),
        instant(env, "ORDERSYNC_FAKE_NOW"),
        blankToNull(env.get("ORDERSYNC_KMS_KEY_ARN")),
        env.getOrDefault("ORDERSYNC_KMS_REGION", "ap-northeast-2"),
        blankToNull(env.get("ORDERSYNC_KMS_ENDPOINT")),
        env.get("ORDERSYNC_KEYS_DIR") == null || env.get("ORDERSYNC_KEYS_DIR").isBlank()
            ? null
            : Path.of(env.get("ORDERSYNC_KEYS_DIR")).toAbsolutePath().normalize(),
        toss(env),
        duration(env, "ORDERSYNC_WS_PING_INTERVAL", Duration.ofSeconds(25)),
        integer(env, "ORDERSYNC_WS_QUEUE_LIMIT", 1000, 1, 1_000_000),
        duration(env, "ORDERSYNC_WS_RECHECK_INTERVAL", Duration.ofMinutes(1)),
        new OrderPath(
            !onOff(env, "ORDERSYNC_AUDIT", true),
            onOff(env, "ORDERSYNC_GROUP_COMMIT", true),
            integer(env, "ORDERSYNC_ORDER_LANES", 4, 1, 64),
            integer(env, "ORDERSYNC_GROUP_COMMIT_MAX", 64, 1, 1000)),
        connections(env),
        publicUrl(env),
        new TossWindow(
            blankToNull(env.get("ORDERSYNC_TOSS_CLIENT_KEY")) == null
                ? null
                : env.get("ORDERSYNC_TOSS_CLIENT_KEY").strip(),
            httpUrl(env, "ORDERSYNC_TOSS_SCRIPT_URL", TossWindow.DEFAULT_SCRIPT.toString(), true)),
        notifications(env),
        management(env),
        "off".equals(String.valueOf(env.get("ORDERSYNC_AUDIT_VERIFY_INTERVAL")).strip())
            ? null
            : duration(env, "ORDERSYNC_AUDIT_VERIFY_INTERVAL", Duration.ofHours(1)),
        masterKey(env),
        observability(env),
        notifyDelivery(env),
        integer(env, "ORDERSYNC_ANALYTICS_ROLLUP_SECONDS", 10, 0, 3600),
        webhooks(env),
        drain(env),
        tls(env));
  }

  private static WebhookDelivery webhooks(Map<String, String> env) {
    return new WebhookDelivery(
        bool(env, "ORDERSYNC_WEBHOOKS_ALLOW_HTTP"),
        integer(env, "ORDERSYNC_WEBHOOKS_CONCURRENCY", 32, 1, 1024),
        duration(env, "ORDERSYNC_WEBHOOKS_POLL_INTERVAL", Duration.ofMillis(500)),
        duration(env, "ORDERSYNC_WEBHOOKS_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
        duration(env, "ORDERSYNC_WEBHOOKS_TIMEOUT", Duration.ofSeconds(10)),
        duration(env, "ORDERSYNC_WEBHOOKS_RETRY_BASE", Duration.ofSeconds(30)),
        duration(env, "ORDERSYNC_WEBHOOKS_RETRY_CAP", Duration.ofHours(1)),
        longDuration(env, "ORDERSYNC_WEBHOOKS_FAILURE_WINDOW", Duration.ofDays(3)),
        longDuration(env, "ORDERSYNC_WEBHOOKS_ROTATION_GRACE", Duration.ofDays(1)));
  }

  /** A duration from PT1S to P30D. */
  private static Duration longDuration(Map<String, String> env, String name, Duration fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(v.strip());
      if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(30)) > 0) {
        throw new DateTimeParseException("out of range", v, 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new Invalid(
          name
              + " must be an ISO-8601 duration between PT1S and P30D (for example P3D), not '"
              + v
              + "'");
    }
  }

  private static Drain drain(Map<String, String> env) {
    Duration timeout = duration(env, "ORDERSYNC_DRAIN_TIMEOUT", Duration.ofSeconds(30));
    String v = blankToNull(env.get("ORDERSYNC_DRAIN_DELAY"));
    Duration delay = Duration.ofSeconds(2);
    if (v != null) {
      try {
        delay = Duration.parse(v.strip());
      } catch (DateTimeParseException e) {
        delay = null;
      }
      if (delay == null || delay.isNegative() || delay.compareTo(timeout) >= 0) {
        throw new Invalid(
            "ORDERSYNC_DRAIN_DELAY must be an ISO-8601 duration from PT0S to less than"
                + " ORDERSYNC_DRAIN_TIMEOUT ("
                + timeout
                + "), not '"
                + v
                + "'");
      }
    } else if (delay.compareTo(timeout) >= 0) {
      delay = Duration.ZERO;
    }
    return new Drain(delay, timeout);
  }

  /** ORDERSYNC_TLS_CERT and ORDERSYNC_TLS_KEY, both or neither; the files are read at start. */
  private static TlsSettings tls(Map<String, String> env) {
    String cert = blankToNull(env.get("ORDERSYNC_TLS_CERT"));
    String key = blankToNull(env.get("ORDERSYNC_TLS_KEY"));
    String min = blankToNull(env.get("ORDERSYNC_TLS_MIN_VERSION"));
    min = min == null ? "1.3" : min.strip();
    if (!min.equals("1.3") && !min.equals("1.2")) {
      throw new Invalid("ORDERSYNC_TLS_MIN_VERSION must be 1.3 or 1.2, not '" + min + "'");
    }
    Duration reload = duration(env, "ORDERSYNC_TLS_RELOAD_INTERVAL", Duration.ofSeconds(10));
    if (cert == null && key == null) {
      return new TlsSettings(null, null, min, reload);
    }
    if (cert == null || key == null) {
      throw new Invalid(
          (cert == null ? "ORDERSYNC_TLS_KEY" : "ORDERSYNC_TLS_CERT")
              + " is set but "
              + (cert == null ? "ORDERSYNC_TLS_CERT" : "ORDERSYNC_TLS_KEY")
              + " is not: TLS needs both PEM files (or neither, for plain HTTP behind a proxy)");
    }
    return new TlsSettings(
        Path.of(cert.strip()).toAbsolutePath().normalize(),
        Path.of(key.strip()).toAbsolutePath().normalize(),
        min,
        reload);
  }

  private static Observability observability(Map<String, String> env) {
    String format = env.getOrDefault("ORDERSYNC_LOG_FORMAT", "text").strip();
    dev.ordersync.server.observe.LogFormat logFormat =
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
          case "text", "" -> dev.ordersync.server.observe.LogFormat.TEXT;
          case "json" -> dev.ordersync.server.observe.LogFormat.JSON;
          default ->
              throw new Invalid("ORDERSYNC_LOG_FORMAT must be text or json, not '" + format + "'");
        };
    Map<String, String> otel = new java.util.HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OTEL_") && v != null) {
            otel.put(k, v);
          }
        });
    return new Observability(logFormat, otel);
  }

  private static NotifyDelivery notifyDelivery(Map<String, String> env) {
    return new NotifyDelivery(
        integer(env, "ORDERSYNC_NOTIFY_CONCURRENCY", 16, 1, 256),
        duration(env, "ORDERSYNC_NOTIFY_POLL_INTERVAL", Duration.ofMillis(500)),
        duration(env, "ORDERSYNC_NOTIFY_CLAIM_LEASE", Duration.ofSeconds(30)),
        duration(env, "ORDERSYNC_NOTIFY_SEND_LEASE", Duration.ofMinutes(2)),
        duration(env, "ORDERSYNC_NOTIFY_RETRY_BASE", Duration.ofSeconds(5)),
        duration(env, "ORDERSYNC_NOTIFY_RETRY_CAP", Duration.ofMinutes(30)),
        duration(env, "ORDERSYNC_NOTIFY_MAX_AGE", Duration.ofDays(1)));
  }

  private static final java.util.regex.Pattern ALIGO_USER =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  private static final java.util.regex.Pattern SENDER_NUMBER =
      java.util.regex.Pattern.compile("0[0-9]{7,11}|1[0-9]{7}");

  /**
   * Text messages (Aligo) and email (SendGrid): a channel is on when all of its settings are set,
   * off when none is, and a start-up error when only some are (docs/operations.md, "Notification
   * providers"). Keys are checked but never echoed.
   */
  static dev.ordersync.server.notify.NotifySettings notifications(Map<String, String> env) {
    Duration connect = duration(env, "ORDERSYNC_NOTIFY_CONNECT_TIMEOUT", Duration.ofSeconds(3));
    Duration request = duration(env, "ORDERSYNC_NOTIFY_TIMEOUT", Duration.ofSeconds(10));
    java.net.URI aligoUrl = httpUrl(env, "ORDERSYNC_ALIGO_API_URL", "https://apis.aligo.in", true);
    boolean testMode = yesNo(env, "ORDERSYNC_ALIGO_TEST_MODE");
    String aligoOff =
        allOrNone(
            env,
            "text messages",
            "ORDERSYNC_ALIGO_KEY",
            "ORDERSYNC_ALIGO_USER_ID",
            "ORDERSYNC_ALIGO_SENDER");
    dev.ordersync.server.notify.AligoSms.Settings sms = null;
    if (aligoOff == null) {
      String key = secret(env, "ORDERSYNC_ALIGO_KEY");
      String user = env.get("ORDERSYNC_ALIGO_USER_ID").strip();
      if (!ALIGO_USER.matcher(user).matches()) {
        throw new Invalid(
            "ORDERSYNC_ALIGO_USER_ID must be an Aligo user id (letters, digits, . _ - @), not '"
                + user
                + "'");
      }
      String senderText = env.get("ORDERSYNC_ALIGO_SENDER").strip();
      String sender = senderText.replace("-", "");
      if (!SENDER_NUMBER.matcher(sender).matches()) {
        throw new Invalid(
            "ORDERSYNC_ALIGO_SENDER must be a phone number registered with Aligo such as 02-511-4560"
                + " or 1588-0000, not '"
                + senderText
                + "'");
      }
      sms =
          new dev.ordersync.server.notify.AligoSms.Settings(
              aligoUrl, key, user, sender, testMode, connect, request);
    }
    java.net.URI sendGridUrl =
        httpUrl(env, "ORDERSYNC_SENDGRID_API_URL", "https://api.sendgrid.com", true);
    String mailOff = allOrNone(env, "email", "ORDERSYNC_SENDGRID_API_KEY", "ORDERSYNC_MAIL_FROM");
    dev.ordersync.server.notify.SendGridEmail.Settings email = null;
    if (mailOff == null) {
      String key = secret(env, "ORDERSYNC_SENDGRID_API_KEY");
      String fromText = env.get("ORDERSYNC_MAIL_FROM").strip();
      var from =
          dev.ordersync.server.notify.SendGridEmail.parseAddress(fromText)
              .orElseThrow(
                  () ->
                      new Invalid(
                          "ORDERSYNC_MAIL_FROM must be an address such as orders@example.kr or"
                              + " OrderSync <orders@example.kr>, not '"
                              + fromText
                              + "'"));
      email =
          new dev.ordersync.server.notify.SendGridEmail.Settings(
              sendGridUrl, key, from.email(), from.name(), connect, request);
    }
    return new dev.ordersync.server.notify.NotifySettings(sms, aligoOff, email, mailOff);
  }

  /**
   * Null when every one of {@code names} is set; the reason the channel is off when none is; a
   * start-up error when only some are.
   */
  private static String allOrNone(Map<String, String> env, String channel, String... names) {
    java.util.List<String> missing = new java.util.ArrayList<>();
    java.util.List<String> present = new java.util.ArrayList<>();
    for (String n : names) {
      (blankToNull(env.get(n)) == null ? missing : present).add(n);
    }
    if (missing.isEmpty()) {
      return null;
    }
    if (present.isEmpty()) {
      return names[0] + " is not set";
    }
    throw new Invalid(
        String.join(", ", present)
            + " set but "
            + String.join(", ", missing)
            + " not: "
            + channel
            + " need "
            + String.join(", ", names)
            + " (or none of them, to leave "
            + channel
            + " off)");
  }

  /** A key: checked for stray characters, never echoed in the message. */
  private static String secret(Map<String, String> env, String name) {
    String v = env.get(name).strip();
    if (v.length() > 512 || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new Invalid(
          name + " must be the provider's key as printable ASCII without spaces (value not shown)");
    }
    return v;
  }

  /** Y or N (case aside); N when unset. */
  private static boolean yesNo(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return false;
    }
    return switch (v.strip().toUpperCase(java.util.Locale.ROOT)) {
      case "Y" -> true;
      case "N" -> false;
      default -> throw new Invalid(name + " must be Y or N, not '" + v + "'");
    };
  }

  /**
   * ORDERSYNC_MANAGEMENT_PORT (unset or {@code off}: no management listener) and
   * ORDERSYNC_MANAGEMENT_HOST (127.0.0.1); the port must differ from ORDERSYNC_PORT.
   */
  private static Management management(Map<String, String> env) {
    String host = blankToNull(env.get("ORDERSYNC_MANAGEMENT_HOST"));
    host = host == null ? "127.0.0.1" : host.strip();
    String v = blankToNull(env.get("ORDERSYNC_MANAGEMENT_PORT"));
    if (v == null || v.strip().equals("off")) {
      return new Management(host, Management.OFF);
    }
    int port;
    try {
      port = Integer.parseInt(v.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new Invalid(
          "ORDERSYNC_MANAGEMENT_PORT must be a port from 0 to 65535 or off, not '" + v + "'");
    }
    if (port != 0 && port == integer(env, "ORDERSYNC_PORT", 8080, 0, 65535)) {
      throw new Invalid(
          "ORDERSYNC_MANAGEMENT_PORT must differ from ORDERSYNC_PORT ("
              + port
              + "): the metrics are never served on the public port");
    }
    return new Management(host, port);
  }

  /** ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE, not both. */
  private static MasterKey masterKey(Map<String, String> env) {
    String key = blankToNull(env.get("ORDERSYNC_MASTER_KEY"));
    String file = blankToNull(env.get("ORDERSYNC_MASTER_KEY_FILE"));
    if (key != null && file != null) {
      throw new Invalid("set ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE, not both");
    }
    if (key != null) {
      masterKeyBytes(key.strip(), "ORDERSYNC_MASTER_KEY");
      return new MasterKey(key.strip(), null);
    }
    return file == null
        ? MasterKey.NONE
        : new MasterKey(null, Path.of(file).toAbsolutePath().normalize());
  }

  /**
   * The 32 bytes of a master key given in base64 ({@code openssl rand -base64 32}); {@code where}
   * names the variable or file in the error.
   */
  static byte[] masterKeyBytes(String base64, String where) {
    byte[] key;
    try {
      key = java.util.Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new Invalid(
          where + " must be 32 random bytes in base64 (openssl rand -base64 32); it is not base64");
    }
    if (key.length != 32) {
      throw new Invalid(
          where
              + " must be 32 random bytes in base64 (openssl rand -base64 32), not "
              + key.length
              + " bytes");
    }
    return key;
  }

  /**
   * ORDERSYNC_PUBLIC_URL: where people reach this server (the tables' QR codes point there); by
   * default http://localhost:&lt;port&gt;. An http(s) URL without query or fragment; a trailing
   * slash is dropped.
   */
  private static java.net.URI publicUrl(Map<String, String> env) {
    int port = integer(env, "ORDERSYNC_PORT", 8080, 0, 65535);
    java.net.URI uri =
        httpUrl(
            env, "ORDERSYNC_PUBLIC_URL", "http://localhost:" + (port == 0 ? 8080 : port), false);
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return java.net.URI.create(text);
  }

  /** An http(s) URL with a host and no query or fragment (user info refused too). */
  private static java.net.URI httpUrl(
      Map<String, String> env, String name, String fallback, boolean pathAllowed) {
    String v = blankToNull(env.get(name));
    String url = v == null ? fallback : v.strip();
    try {
      java.net.URI uri = new java.net.URI(url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || (!pathAllowed
              && uri.getRawPath() != null
              && !uri.getRawPath().isEmpty()
              && !uri.getRawPath().matches("[A-Za-z0-9._~/-]*"))) {
        throw new java.net.URISyntaxException(url, "not an http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new Invalid(
          name
              + " must be an http(s) URL without query such as "
              + fallback
              + ", not '"
              + url
              + "'");
    }
  }

  private static Connections connections(Map<String, String> env) {
    Connections d = Connections.defaults();
    return new Connections(
        integer(env, "ORDERSYNC_MAX_CONNECTIONS", 0, 0, 10_000_000),
        integer(env, "ORDERSYNC_MAX_CONNECTIONS_PER_ADDRESS", 0, 0, 10_000_000),
        duration(env, "ORDERSYNC_HEADER_TIMEOUT", d.headerTimeout()),
        duration(env, "ORDERSYNC_BODY_TIMEOUT", d.bodyTimeout()),
        duration(env, "ORDERSYNC_IDLE_TIMEOUT", d.idleTimeout()));
  }

  /**
   * "on" or "off" and nothing else: a switch that weakens the server must not be turned by a typo.
   */
  private static boolean onOff(Map<String, String> env, String name, boolean fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    return switch (v.strip()) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new Invalid(name + " must be on or off, not '" + v + "'");
    };
  }

  private static TossSettings toss(Map<String, String> env) {
    String key = blankToNull(env.get("ORDERSYNC_TOSS_SECRET_KEY"));
    return new TossSettings(
        key == null ? null : key.strip(),
        tossApiUrl(env),
        duration(env, "ORDERSYNC_TOSS_TIMEOUT", Duration.ofSeconds(10)),
        tossFeeRate(env),
        duration(env, "ORDERSYNC_PAYMENT_TIMEOUT", Duration.ofMinutes(15)),
        duration(env, "ORDERSYNC_PAYMENT_SWEEP_INTERVAL", Duration.ofSeconds(30)));
  }

  private static java.net.URI tossApiUrl(Map<String, String> env) {
    String url = env.getOrDefault("ORDERSYNC_TOSS_API_URL", "https://api.tosspayments.com").strip();
    try {
      java.net.URI uri = new java.net.URI(url.isEmpty() ? "https://api.tosspayments.com" : url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new java.net.URISyntaxException(url, "not an http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new Invalid(
          "ORDERSYNC_TOSS_API_URL must be an http(s) URL such as https://api.tosspayments.com, not '"
              + url
              + "'");
    }
  }

  private static java.math.BigDecimal tossFeeRate(Map<String, String> env) {
    String r = blankToNull(env.get("ORDERSYNC_TOSS_FEE_RATE"));
    try {
      java.math.BigDecimal rate = new java.math.BigDecimal(r == null ? "0.034" : r.strip());
      if (rate.signum() < 0 || rate.compareTo(java.math.BigDecimal.ONE) > 0) {
        throw new NumberFormatException();
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new Invalid(
          "ORDERSYNC_TOSS_FEE_RATE must be a fraction from 0 to 1 such as 0.034, not '" + r + "'");
    }
  }

  /**
   * Where the server's keys live: ORDERSYNC_KEYS_DIR (shared by the instances of a deployment), or
   * the data folder.
   */
  public Path keys() {
    return keysDir != null ? keysDir : dataDir.resolve("keys");
  }

  public boolean embeddedDatabase() {
    return dbUrl == null;
  }

  /**
   * The server's clock: the real one, or for tests and demos one that starts at {@code
   * ORDERSYNC_FAKE_NOW} and runs on from there (so opening hours and price rules can be tried at
   * any time of day).
   */
  public java.time.Clock clock() {
    java.time.Clock real = java.time.Clock.systemUTC();
    return fakeNow == null
        ? real
        : java.time.Clock.offset(real, Duration.between(real.instant(), fakeNow));
  }

  private static java.time.Instant instant(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return null;
    }
    try {
      return java.time.Instant.parse(v.strip());
    } catch (DateTimeParseException e) {
      throw new Invalid(
          name + " must be an RFC 3339 UTC time such as 2026-11-27T09:00:00Z, not '" + v + "'");
    }
  }

  private static boolean bool(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return false;
    }
    return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new Invalid(name + " must be true or false, not '" + v + "'");
    };
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Invalid(
          name + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(v.strip());
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new DateTimeParseException("out of range", v, 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new Invalid(
          name
              + " must be an ISO-8601 duration between PT1S and P1D (for example PT15M), not '"
              + v
              + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
