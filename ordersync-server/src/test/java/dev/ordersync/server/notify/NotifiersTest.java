package dev.ordersync.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Notifiers builds what is configured and says once, at start, what is off and why. */
class NotifiersTest {
  private static List<String> logged(Runnable r) {
    Logger logger = Logger.getLogger(Notifiers.class.getName());
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(h);
    try {
      r.run();
    } finally {
      logger.removeHandler(h);
    }
    return lines;
  }

  @Test
  void offChannelsHaveNoNotifierAndAreLoggedOnceWithTheReason() {
    List<String> lines = logged(() -> Notifiers.start(NotifySettings.off()));
    assertEquals(
        List.of(
            "text messages are off: ORDERSYNC_ALIGO_KEY is not set",
            "email is off: ORDERSYNC_SENDGRID_API_KEY is not set"),
        lines);
    Notifiers n = Notifiers.of(NotifySettings.off());
    assertTrue(n.sms().isEmpty());
    assertTrue(n.email().isEmpty());
    assertTrue(n.forChannel(Channel.SMS).isEmpty());
  }

  @Test
  void configuredChannelsGetTheirAdapterAndTheLogNeverShowsAKey() {
    var sms =
        new AligoSms.Settings(
            URI.create("http://127.0.0.1:1"),
            "aligo-secret-key",
            "ordersync",
            "025114560",
            true,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    var email =
        new SendGridEmail.Settings(
            URI.create("http://127.0.0.1:2"),
            "SG.sendgrid-secret",
            "orders@example.kr",
            null,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    var settings = new NotifySettings(sms, null, email, null);
    List<String> lines = logged(() -> Notifiers.start(settings));
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("text messages go through Aligo"), lines.get(0));
    assertTrue(lines.get(1).startsWith("email goes through SendGrid"), lines.get(1));
    for (String line : lines) {
      assertFalse(line.contains("secret"), line);
    }
    Notifiers n = Notifiers.of(settings);
    assertInstanceOf(AligoSms.class, n.sms().orElseThrow());
    assertInstanceOf(SendGridEmail.class, n.forChannel(Channel.EMAIL).orElseThrow());
  }
}
