package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ORDERSYNC_PUBLIC_URL, ORDERSYNC_TOSS_CLIENT_KEY and ORDERSYNC_TOSS_SCRIPT_URL, as the wiring
 * reads them.
 */
class PublicUrlAndTossWindowConfigTest {
  static ServerConfig config(Map<String, String> env) {
    return ServerConfig.fromEnvironment(env);
  }

  @Test
  void thePublicUrlDefaultsToLocalhostOnThePortAndDropsATrailingSlash() {
    assertEquals(URI.create("http://localhost:8080"), config(Map.of()).publicUrl());
    assertEquals(
        URI.create("http://localhost:9090"), config(Map.of("ORDERSYNC_PORT", "9090")).publicUrl());
    assertEquals(
        URI.create("https://order.example.kr/shop"),
        config(Map.of("ORDERSYNC_PUBLIC_URL", "https://order.example.kr/shop/")).publicUrl());
  }

  @Test
  void aPublicUrlMustBeHttpWithAHostAndNoQuery() {
    for (String bad :
        new String[] {
          "ftp://x.kr",
          "order.example.kr",
          "https://order.example.kr/?a=1",
          "https://x.kr/#f",
          "https://user@x.kr",
          "https:///nohost",
          "https://x.kr/a b"
        }) {
      var e =
          assertThrows(
              ServerConfig.Invalid.class, () -> config(Map.of("ORDERSYNC_PUBLIC_URL", bad)), bad);
      assertTrue(e.getMessage().startsWith("ORDERSYNC_PUBLIC_URL"), e.getMessage());
    }
  }

  @Test
  void theTossWindowHasNoClientKeyByDefaultAndTossesScript() {
    ServerConfig.TossWindow w = config(Map.of()).tossWindow();
    assertNull(w.clientKey());
    assertFalse(w.enabled());
    assertEquals(URI.create("https://js.tosspayments.com/v1/payment"), w.scriptUrl());
    assertEquals("https://js.tosspayments.com", w.scriptOrigin());
  }

  @Test
  void theTossWindowTakesAKeyAndAnHttpScriptUrl() {
    ServerConfig.TossWindow w =
        config(
                Map.of(
                    "ORDERSYNC_TOSS_CLIENT_KEY", " test_ck_abc ",
                    "ORDERSYNC_TOSS_SCRIPT_URL", "http://127.0.0.1:9999/v1/payment"))
            .tossWindow();
    assertEquals("test_ck_abc", w.clientKey());
    assertEquals("http://127.0.0.1:9999", w.scriptOrigin());
    assertThrows(
        ServerConfig.Invalid.class,
        () -> config(Map.of("ORDERSYNC_TOSS_SCRIPT_URL", "javascript:alert(1)")));
    assertThrows(
        ServerConfig.Invalid.class,
        () -> config(Map.of("ORDERSYNC_TOSS_SCRIPT_URL", "https://js.tosspayments.com/v1?x=1")));
  }
}
