package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one database share the messages without sending any twice; a channel
 * without a provider (email here) records its messages as dropped instead of letting them wait.
 */
class NotificationsOnTwoInstancesTest {
  static final RecordingNotifier smsA = new RecordingNotifier(Channel.SMS);
  static final RecordingNotifier smsB = new RecordingNotifier(Channel.SMS);
  static Path keys;
  static TestServer a;
  static TestServer b;

  @BeforeAll
  static void start() throws Exception {
    keys = Files.createTempDirectory("ordersync-keys");
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_KEYS_DIR", keys.toString());
    env.put("ORDERSYNC_NOTIFY_POLL_INTERVAL", "PT0.1S");
    env.put("ORDERSYNC_NOTIFY_CONCURRENCY", "4");
    a = TestServer.startWithProviders(env, smsOnly(smsA));
    b = TestServer.startOn(a.database(), env, OrderSyncServer.Limits.none(), smsOnly(smsB));
  }

  private static NotificationsWiring.Providers smsOnly(RecordingNotifier sms) {
    return channel -> channel == Channel.SMS ? Optional.of(sms) : Optional.empty();
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.stopServerOnly();
    }
    if (a != null) {
      a.close();
    }
    TestServer.deleteTree(keys);
  }

  @Test
  void twoInstancesDeliverEachMessageExactlyOnce() throws Exception {
    int count = 300;
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String phone = "0109" + String.format("%07d", i);
      phones.add(phone);
      TestServer through = i % 2 == 0 ? a : b;
      Notification n =
          new Notification(
              "order-event:" + UUID.randomUUID(),
              NotificationKind.ORDER_ACCEPTED,
              new Message(Channel.SMS, phone, null, "주문이 접수되었습니다"),
              null,
              UUID.randomUUID());
      through
          .application()
          .transactions()
          .run(
              () -> {
                through.notificationOutbox().enqueue(n);
                return null;
              });
    }
    long end = System.nanoTime() + 30_000_000_000L;
    while (smsA.received().size() + smsB.received().size() < count && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    Thread.sleep(500);
    List<Message> all = new ArrayList<>(smsA.received());
    all.addAll(smsB.received());
    Map<String, Long> perPhone =
        all.stream().collect(Collectors.groupingBy(Message::to, Collectors.counting()));
    assertEquals(Set.copyOf(phones), perPhone.keySet(), "every message went out");
    assertTrue(
        perPhone.values().stream().allMatch(n -> n == 1),
        "sent twice: "
            + perPhone.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList());
    assertTrue(
        !smsA.received().isEmpty() && !smsB.received().isEmpty(),
        "both instances took part: " + smsA.received().size() + " / " + smsB.received().size());
    assertEquals(count, count("status = 'sent'"));
  }

  @Test
  void aChannelWithoutAProviderRecordsItsMessagesAsDroppedNotWaiting() throws Exception {
    String source = "security:" + UUID.randomUUID();
    Notification n =
        new Notification(
            source,
            NotificationKind.NEW_DEVICE_LOGIN,
            new Message(Channel.EMAIL, "owner@example.kr", "새 기기 로그인", "A new device signed in."),
            null,
            UUID.randomUUID());
    a.application()
        .transactions()
        .run(
            () -> {
              a.notificationOutbox().enqueue(n);
              return null;
            });
    assertEquals(1, count("source_id = '" + source + "' AND status = 'dropped'"));
    assertEquals(
        1,
        count(
            "source_id = '"
                + source
                + "' AND last_code = 'channel_off' AND recipient_ct IS NULL AND body_ct IS NULL"));
    Function<String, Long> pending = s -> count("status = 'pending' AND channel = 'EMAIL'");
    assertEquals(0L, pending.apply(source));
    assertFalse(smsA.received().stream().anyMatch(m -> m.channel() == Channel.EMAIL));
  }

  static long count(String where) {
    try (Connection c = a.database().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM notifications WHERE " + where);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
