package dev.ordersync.server;

import io.helidon.logging.common.LogConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts OrderSync: {@code java -jar ordersync-server.jar [--demo]}. With no configuration it runs
 * on an embedded PostgreSQL in {@code ./ordersync-data}; see the README for the environment
 * variables.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    LogConfig.configureRuntime();
    PrintStream out = System.out;
    List<String> flags = Arrays.asList(args);
    if (!flags.isEmpty() && !flags.getFirst().startsWith("--")) {
      subcommand(flags, out);
      return;
    }
    for (int i = 0; i < flags.size(); i++) {
      String flag = flags.get(i);
      if (flag.equals("--config")) {
        i++;
      } else if (!flag.equals("--demo")
          && !flag.equals("--help")
          && !flag.startsWith("--config=")) {
        fail("unknown option " + flag + " (options: --demo, --config FILE, --help)");
      }
    }
    if (flags.contains("--help")) {
      printHelp(out);
      return;
    }
    run(flags.contains("--demo"), flags, out);
  }

  private static void printHelp(PrintStream out) {
    out.println("usage: java -jar ordersync-server.jar [--demo] [--config FILE]");
    out.println(
        "  --demo  also create a demo restaurant, menu and owner account, and print how to log in");
    out.println(
        "  --config FILE  read the settings from a YAML file (or ORDERSYNC_CONFIG); the environment"
            + " overrides it (README.md, Configuration; ops/ordersync.example.yaml)");
    out.println(
        "   or: java -jar ordersync-server.jar users create-admin --email EMAIL --name NAME");
    out.println(
        "         (password from ORDERSYNC_ADMIN_PASSWORD or the first line of standard input)");
    out.println("   or: java -jar ordersync-server.jar jwt-keys rotate|retire");
    out.println("   or: java -jar ordersync-server.jar keys status|rotate|rewrap");
    out.println(
        "   or: java -jar ordersync-server.jar healthcheck   (exit status 0 when the server on"
            + " ORDERSYNC_PORT is ready)");
    out.println(
        "   or: java -jar ordersync-server.jar audit verify [--checkpoints DIR]   (exit status 2 if tampered;");
    out.println(
        "         DIR: a copy of the exported signed checkpoints, default DATA_DIR/audit-checkpoints)");
    out.println(
        "configuration: ORDERSYNC_PORT, ORDERSYNC_DATA_DIR, ORDERSYNC_DB_URL, ORDERSYNC_DB_USER,");
    out.println(
        "  ORDERSYNC_DB_PASSWORD, ORDERSYNC_REDIS_URL, ORDERSYNC_MASTER_KEY (required with");
    out.println(
        "  ORDERSYNC_DB_URL unless ORDERSYNC_MASTER_KEY_FILE or ORDERSYNC_KMS_KEY_ARN; see README.md)");
  }

  /** Runs a server until the process is told to stop; with {@code demo}, seeds the demo data. */
  private static void run(boolean demo, List<String> flags, PrintStream out) {
    OrderSyncServer server;
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment(ConfigFile.settings(System.getenv(), flags));
      config.observability().logFormat().install();
      server = OrderSyncServer.start(config);
    } catch (ServerConfig.Invalid | StartupException e) {
      fail(e.getMessage());
      return;
    }
    ListenerWatch.onListenerDeath(Main::exitForARestart);
    CountDownLatch stopped = new CountDownLatch(1);
    ServerConfig.Drain drain = config.drain();
    // SIGTERM and SIGINT drain (decision 0049-deploy) and then exit with status 0: the JVM's own
    // handler would run the hook below and end with 143, which supervisors count as a failure.
    Runnable drainThenExit =
        () -> {
          bound(drain.timeout());
          server.drain(drain.delay());
          stopped.countDown();
          System.exit(0);
        };
    for (String signal : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(signal),
            s -> Thread.ofPlatform().name("ordersync-drain").start(drainThenExit));
      } catch (IllegalArgumentException e) {
        // The signal is reserved here (a JVM run with -Xrs): the hook below still stops.
      }
    }
    // Any other exit (System.exit, the last non-daemon thread): stop at once, without the delay.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bound(drain.timeout());
                  server.drain(java.time.Duration.ZERO);
                  stopped.countDown();
                },
                "ordersync-shutdown"));
    if (demo) {
      try {
        DemoData.seed(server.application(), server.port(), out);
      } catch (StartupException e) {
        fail(e.getMessage());
      } catch (RuntimeException e) {
        e.printStackTrace();
        fail("the demo data could not be created: " + e);
      }
    }
    out.println(
        "OrderSync is running on "
            + (config.tls().enabled() ? "https" : "http")
            + "://localhost:"
            + server.port()
            + " ("
            + (config.embeddedDatabase()
                ? "embedded PostgreSQL in " + config.dataDir()
                : "external PostgreSQL")
            + ")");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Halts the process with status 1 if it is still running {@code timeout} (plus a second for the
   * exit itself) from now: ORDERSYNC_DRAIN_TIMEOUT bounds the drain whatever holds it up.
   */
  private static void bound(java.time.Duration timeout) {
    Thread.ofPlatform()
        .daemon()
        .name("ordersync-drain-bound")
        .start(
            () -> {
              try {
                Thread.sleep(timeout.plusSeconds(1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              java.util.logging.Logger.getLogger(Main.class.getName())
                  .severe("the drain took longer than ORDERSYNC_DRAIN_TIMEOUT; halting");
              Runtime.getRuntime().halt(1);
            });
  }

  /**
   * The web server's listener has stopped by itself (see {@link ListenerWatch}): exit with status
   * 70 (EX_SOFTWARE) so that a supervisor restarts the server, rather than live on with the port
   * closed. Shutdown runs on another thread (the caller is Helidon's dying listener); if it hangs,
   * the process halts after 30 s.
   */
  private static void exitForARestart() {
    java.util.logging.Logger.getLogger(Main.class.getName())
        .severe(
            "the web server's listener stopped (a failed accept()); exiting with status 70 so that"
                + " a supervisor restarts the server");
    Thread.ofPlatform()
        .daemon()
        .name("ordersync-exit")
        .start(
            () -> {
              Thread.ofPlatform()
                  .daemon()
                  .start(
                      () -> {
                        try {
                          Thread.sleep(30_000);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        Runtime.getRuntime().halt(70);
                      });
              System.exit(70);
            });
  }

  private static void subcommand(List<String> args, PrintStream out) {
    try {
      ServerConfig config =
          ServerConfig.fromEnvironment(ConfigFile.settings(System.getenv(), args));
      config.observability().logFormat().install();
      switch (String.join(" ", args.subList(0, Math.min(2, args.size())))) {
        case "users create-admin" -> {
          String email = option(args, "--email");
          String name = option(args, "--name");
          String password = adminPassword();
          Commands.createAdmin(config, email, name, password, out);
        }
        case "audit verify" -> {
          int at = args.indexOf("--checkpoints");
          Path checkpoints = at < 0 ? null : Path.of(option(args, "--checkpoints"));
          if (!Commands.auditVerify(config, checkpoints, out)) {
            System.exit(2);
          }
        }
        case "healthcheck" -> {
          if (!Commands.healthcheck(config, java.time.Duration.ofSeconds(3), out)) {
            System.exit(1);
          }
        }
        case "keys status" -> Commands.keysStatus(config, out);
        case "keys rotate" -> Commands.keysRotate(config, out);
        case "keys rewrap" -> Commands.keysRewrap(config, out);
        case "jwt-keys rotate" -> Commands.rotateSigningKey(config, out);
        case "jwt-keys retire" -> Commands.retireSigningKeys(config, out);
        default -> fail("unknown command '" + String.join(" ", args) + "' (see --help)");
      }
      System.exit(0);
    } catch (ServerConfig.Invalid | StartupException e) {
      fail(e.getMessage());
    }
  }

  /**
   * From ORDERSYNC_ADMIN_PASSWORD or the first line of standard input, never from the command line
   * (which other users of the machine can see).
   */
  private static String adminPassword() {
    String password = System.getenv("ORDERSYNC_ADMIN_PASSWORD");
    if (password == null) {
      try {
        password =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        password = null;
      }
    }
    if (password == null || password.isEmpty()) {
      fail("give the admin's password in ORDERSYNC_ADMIN_PASSWORD or on standard input");
    }
    return password;
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0 || i + 1 >= args.size()) {
      fail("missing " + name);
    }
    return args.get(i + 1);
  }

  private static void fail(String message) {
    System.err.println("ordersync: " + message);
    System.exit(1);
  }
}
