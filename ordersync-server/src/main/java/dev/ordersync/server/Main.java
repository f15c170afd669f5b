package dev.ordersync.server;

import io.helidon.logging.common.LogConfig;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts OrderSync: {@code java -jar ordersync-server.jar [--demo]}. With no configuration it runs on an embedded
 * PostgreSQL in {@code ./ordersync-data}; see the README for the environment variables.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    LogConfig.configureRuntime();
    PrintStream out = System.out;
    List<String> flags = Arrays.asList(args);
    for (String flag : flags) {
      if (!flag.equals("--demo") && !flag.equals("--help")) {
        fail("unknown option " + flag + " (options: --demo, --help)");
      }
    }
    if (flags.contains("--help")) {
      out.println("usage: java -jar ordersync-server.jar [--demo]");
      out.println("  --demo  also create a demo restaurant, menu and owner account, and print how to log in");
      out.println("configuration: ORDERSYNC_PORT, ORDERSYNC_DATA_DIR, ORDERSYNC_DB_URL, ORDERSYNC_DB_USER,");
      out.println("  ORDERSYNC_DB_PASSWORD, ORDERSYNC_REDIS_URL (see README.md)");
      return;
    }
    OrderSyncServer server;
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment(System.getenv());
      server = OrderSyncServer.start(config);
    } catch (ServerConfig.Invalid | StartupException e) {
      fail(e.getMessage());
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "ordersync-shutdown"));
    if (flags.contains("--demo")) {
      try {
        DemoData.seed(server.application(), server.port(), out);
      } catch (StartupException e) {
        fail(e.getMessage());
      }
    }
    out.println(
        "OrderSync is running on http://localhost:" + server.port() + " ("
            + (config.embeddedDatabase() ? "embedded PostgreSQL in " + config.dataDir() : "external PostgreSQL") + ")");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void fail(String message) {
    System.err.println("ordersync: " + message);
    System.exit(1);
  }
}
