package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.notify.NotifySettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ORDERSYNC_ALIGO_*, ORDERSYNC_SENDGRID_*, ORDERSYNC_MAIL_FROM and the notify time-outs. */
class NotificationProvidersConfigTest {
  static final String ALIGO_KEY = "zt5p0p7c6we0w7cw9zccjuagcxyh8q5x";
  static final String SENDGRID_KEY = "SG.abc.def";

  static NotifySettings read(Map<String, String> env) {
    return ServerConfig.fromEnvironment(env).notifications();
  }

  static Map<String, String> full() {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_ALIGO_KEY", ALIGO_KEY);
    env.put("ORDERSYNC_ALIGO_USER_ID", "ordersync");
    env.put("ORDERSYNC_ALIGO_SENDER", "02-511-4560");
    env.put("ORDERSYNC_SENDGRID_API_KEY", SENDGRID_KEY);
    env.put("ORDERSYNC_MAIL_FROM", "OrderSync <orders@example.kr>");
    return env;
  }

  static ServerConfig.Invalid invalid(Map<String, String> env) {
    return assertThrows(ServerConfig.Invalid.class, () -> ServerConfig.fromEnvironment(env));
  }

  @Test
  void withNothingSetBothChannelsAreOffAndSayWhy() {
    NotifySettings n = read(Map.of());
    assertNull(n.sms());
    assertNull(n.email());
    assertEquals("ORDERSYNC_ALIGO_KEY is not set", n.smsOff());
    assertEquals("ORDERSYNC_SENDGRID_API_KEY is not set", n.emailOff());
  }

  @Test
  void withEverythingSetBothAreOnWithDefaults() {
    NotifySettings n = read(full());
    assertEquals(URI.create("https://apis.aligo.in"), n.sms().apiUrl());
    assertEquals("025114560", n.sms().sender());
    assertEquals("ordersync", n.sms().userId());
    assertEquals(ALIGO_KEY, n.sms().key());
    assertFalse(n.sms().testMode());
    assertEquals(Duration.ofSeconds(3), n.sms().connectTimeout());
    assertEquals(Duration.ofSeconds(10), n.sms().requestTimeout());
    assertEquals(URI.create("https://api.sendgrid.com"), n.email().apiUrl());
    assertEquals("orders@example.kr", n.email().fromEmail());
    assertEquals("OrderSync", n.email().fromName());
    assertNull(n.smsOff());
    assertNull(n.emailOff());
  }

  @Test
  void urlsTestModeAndTimeoutsCanBeSet() {
    Map<String, String> env = full();
    env.put("ORDERSYNC_ALIGO_API_URL", "http://127.0.0.1:9001");
    env.put("ORDERSYNC_SENDGRID_API_URL", "http://127.0.0.1:9002");
    env.put("ORDERSYNC_ALIGO_TEST_MODE", "y");
    env.put("ORDERSYNC_NOTIFY_CONNECT_TIMEOUT", "PT1S");
    env.put("ORDERSYNC_NOTIFY_TIMEOUT", "PT5S");
    env.put("ORDERSYNC_MAIL_FROM", "orders@example.kr");
    NotifySettings n = read(env);
    assertEquals(URI.create("http://127.0.0.1:9001"), n.sms().apiUrl());
    assertEquals(URI.create("http://127.0.0.1:9002"), n.email().apiUrl());
    assertTrue(n.sms().testMode());
    assertEquals(Duration.ofSeconds(1), n.email().connectTimeout());
    assertEquals(Duration.ofSeconds(5), n.email().requestTimeout());
    assertNull(n.email().fromName());
  }

  @Test
  void aPartlyConfiguredChannelIsAStartupErrorNamingWhatIsMissing() {
    Map<String, String> env = full();
    env.remove("ORDERSYNC_ALIGO_SENDER");
    var e = invalid(env);
    assertTrue(e.getMessage().contains("ORDERSYNC_ALIGO_SENDER not"), e.getMessage());
    assertFalse(e.getMessage().contains(ALIGO_KEY));
    assertFalse(e.getMessage().contains("\n"));
    var mail = invalid(Map.of("ORDERSYNC_MAIL_FROM", "orders@example.kr"));
    assertTrue(
        mail.getMessage().startsWith("ORDERSYNC_MAIL_FROM set but ORDERSYNC_SENDGRID_API_KEY not"),
        mail.getMessage());
  }

  @Test
  void malformedValuesAreStartupErrorsThatNeverEchoAKey() {
    for (String[] bad :
        new String[][] {
          {"ORDERSYNC_ALIGO_SENDER", "not-a-number"},
          {"ORDERSYNC_ALIGO_SENDER", "+82 10 1234 5678"},
          {"ORDERSYNC_ALIGO_USER_ID", "has space"},
          {"ORDERSYNC_ALIGO_API_URL", "apis.aligo.in"},
          {"ORDERSYNC_ALIGO_API_URL", "https://apis.aligo.in/?x=1"},
          {"ORDERSYNC_SENDGRID_API_URL", "ftp://api.sendgrid.com"},
          {"ORDERSYNC_ALIGO_TEST_MODE", "maybe"},
          {"ORDERSYNC_MAIL_FROM", "orders"},
          {"ORDERSYNC_MAIL_FROM", "Name <orders@x"},
          {"ORDERSYNC_NOTIFY_TIMEOUT", "10"}
        }) {
      Map<String, String> env = full();
      env.put(bad[0], bad[1]);
      var e = invalid(env);
      assertTrue(e.getMessage().startsWith(bad[0]), e.getMessage());
    }
    Map<String, String> env = full();
    env.put("ORDERSYNC_SENDGRID_API_KEY", "SG.secret with space");
    var e = invalid(env);
    assertTrue(e.getMessage().startsWith("ORDERSYNC_SENDGRID_API_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("secret with space"));
  }

  @Test
  void theConfigNeverShowsTheKeys() {
    String shown = ServerConfig.fromEnvironment(full()).notifications().toString();
    assertFalse(shown.contains(ALIGO_KEY), shown);
    assertFalse(shown.contains(SENDGRID_KEY), shown);
  }
}
