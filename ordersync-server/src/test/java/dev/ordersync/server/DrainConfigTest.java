package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ORDERSYNC_DRAIN_DELAY and ORDERSYNC_DRAIN_TIMEOUT, as the wiring reads them. */
class DrainConfigTest {
  private static ServerConfig.Drain drain(Map<String, String> env) {
    return ServerConfig.fromEnvironment(env).drain();
  }

  @Test
  void twoSecondsOfDelayWithinThirtyByDefault() {
    assertEquals(
        new ServerConfig.Drain(Duration.ofSeconds(2), Duration.ofSeconds(30)), drain(Map.of()));
    assertEquals(
        new ServerConfig.Drain(Duration.ZERO, Duration.ofSeconds(5)),
        drain(Map.of("ORDERSYNC_DRAIN_DELAY", "PT0S", "ORDERSYNC_DRAIN_TIMEOUT", "PT5S")));
    assertEquals(
        Duration.ZERO,
        drain(Map.of("ORDERSYNC_DRAIN_TIMEOUT", "PT1S")).delay(),
        "a bound shorter than the default delay leaves no delay");
  }

  @Test
  void aBadValueIsAOneLineError() {
    for (var env :
        java.util.List.of(
            Map.of("ORDERSYNC_DRAIN_DELAY", "soon"),
            Map.of("ORDERSYNC_DRAIN_DELAY", "-PT1S"),
            Map.of("ORDERSYNC_DRAIN_DELAY", "PT30S"),
            Map.of("ORDERSYNC_DRAIN_TIMEOUT", "PT0S"),
            Map.of("ORDERSYNC_DRAIN_TIMEOUT", "30"))) {
      var e = assertThrows(ServerConfig.Invalid.class, () -> drain(env), env::toString);
      assertTrue(e.getMessage().startsWith("ORDERSYNC_DRAIN_"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
