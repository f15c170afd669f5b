package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ORDERSYNC_MANAGEMENT_PORT and ORDERSYNC_MANAGEMENT_HOST, as the wiring reads them. */
class ManagementPortConfigTest {
  static ServerConfig.Management management(Map<String, String> env) {
    return ServerConfig.fromEnvironment(env).management();
  }

  @Test
  void offUnlessSetAndOnLoopbackUnlessTold() {
    assertFalse(management(Map.of()).enabled(), "no metrics listener by default");
    assertFalse(management(Map.of("ORDERSYNC_MANAGEMENT_PORT", "off")).enabled());
    ServerConfig.Management m = management(Map.of("ORDERSYNC_MANAGEMENT_PORT", "9464"));
    assertTrue(m.enabled());
    assertEquals(9464, m.port());
    assertEquals("127.0.0.1", m.host());
    assertEquals(
        "0.0.0.0",
        management(
                Map.of("ORDERSYNC_MANAGEMENT_PORT", "9464", "ORDERSYNC_MANAGEMENT_HOST", "0.0.0.0"))
            .host());
    assertEquals(0, management(Map.of("ORDERSYNC_MANAGEMENT_PORT", "0")).port(), "any free port");
  }

  @Test
  void aBadPortOrThePublicOneIsRefusedWithAOneLineReason() {
    for (String bad : new String[] {"x", "-1", "65536", "on"}) {
      var e =
          assertThrows(
              ServerConfig.Invalid.class,
              () -> management(Map.of("ORDERSYNC_MANAGEMENT_PORT", bad)),
              bad);
      assertTrue(e.getMessage().startsWith("ORDERSYNC_MANAGEMENT_PORT must be"), e.getMessage());
    }
    var same =
        assertThrows(
            ServerConfig.Invalid.class,
            () ->
                management(Map.of("ORDERSYNC_PORT", "8080", "ORDERSYNC_MANAGEMENT_PORT", "8080")));
    assertTrue(same.getMessage().contains("never served on the public port"), same.getMessage());
    assertThrows(
        ServerConfig.Invalid.class,
        () -> management(Map.of("ORDERSYNC_MANAGEMENT_PORT", "8080")),
        "the public port's default counts too");
  }
}
