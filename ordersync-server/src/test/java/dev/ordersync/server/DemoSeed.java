package dev.ordersync.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --demo} creates, on a test's server: the same {@link DemoData#seed} the command line
 * runs, for the examples' tests (DemoData itself stays package-private).
 */
public final class DemoSeed {
  public static final String OWNER_EMAIL = DemoData.OWNER_EMAIL;
  public static final String OWNER_PASSWORD = DemoData.OWNER_PASSWORD;
  private static final Pattern READY = Pattern.compile("is ready: ([0-9a-f-]{36})");

  private DemoSeed() {}

  /** Seeds the demo restaurant, menu and owner (once per database); the restaurant's id. */
  public static UUID seed(RunningServer server) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoData.seed(
        server.application(), server.port(), new PrintStream(out, true, StandardCharsets.UTF_8));
    Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IllegalStateException("the demo seed did not name its restaurant: " + out);
    }
    return UUID.fromString(m.group(1));
  }
}
