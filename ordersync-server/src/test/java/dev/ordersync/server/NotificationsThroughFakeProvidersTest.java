package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.notify.FakeAligo;
import dev.ordersync.server.notify.FakeSendGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path as deployed: a server configured with Aligo and SendGrid (their fakes, real HTTP
 * servers speaking the providers' protocols), messages recorded in units of work, and what the
 * providers received: each message once, through outages, rate limits, refusals and answers that
 * never come.
 */
class NotificationsThroughFakeProvidersTest {
  static final String ALIGO_KEY = "zt5p0p7c6we0w7cw9zccjuagcxyh8q5x";
  static final String SENDGRID_KEY = "SG.test-key.abcdefghijklmnopqrstuvwxyz";
  static final String FROM = "orders@ordersync.example.kr";
  static FakeAligo aligo;
  static FakeSendGrid sendGrid;
  static TestServer server;
  static String adminToken;

  @BeforeAll
  static void start() {
    aligo = FakeAligo.start(ALIGO_KEY, "ordersync", "025114560");
    sendGrid = FakeSendGrid.start(SENDGRID_KEY, FROM);
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_ALIGO_API_URL", aligo.uri().toString());
    env.put("ORDERSYNC_ALIGO_KEY", ALIGO_KEY);
    env.put("ORDERSYNC_ALIGO_USER_ID", "ordersync");
    env.put("ORDERSYNC_ALIGO_SENDER", "02-511-4560");
    env.put("ORDERSYNC_SENDGRID_API_URL", sendGrid.uri().toString());
    env.put("ORDERSYNC_SENDGRID_API_KEY", SENDGRID_KEY);
    env.put("ORDERSYNC_MAIL_FROM", "OrderSync <" + FROM + ">");
    env.put("ORDERSYNC_NOTIFY_CONNECT_TIMEOUT", "PT1S");
    env.put("ORDERSYNC_NOTIFY_TIMEOUT", "PT1S");
    env.put("ORDERSYNC_NOTIFY_SEND_LEASE", "PT5S");
    env.put("ORDERSYNC_NOTIFY_POLL_INTERVAL", "PT0.2S");
    env.put("ORDERSYNC_NOTIFY_RETRY_BASE", "PT0.1S");
    env.put("ORDERSYNC_NOTIFY_RETRY_CAP", "PT0.5S");
    server = TestServer.start(env);
    String adminEmail = "admin-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(adminEmail, "Admin", "correct horse battery"));
    adminToken = new Scenario(server.api()).login(adminEmail);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    aligo.close();
    sendGrid.close();
  }

  @Test
  void aTextAndAnEmailReachTheirProvidersOnce() throws Exception {
    String phone = NotificationDeliveryTest.aPhone();
    String address = "owner-" + UUID.randomUUID() + "@example.kr";
    Notification text = text(phone, "[김밥천국] 주문 A-001이 접수되었습니다. 15분 후 준비됩니다.");
    Notification mail = email(address);
    enqueue(text);
    enqueue(mail);
    enqueue(text);
    awaitStatus(text, "sent", 5_000);
    awaitStatus(mail, "sent", 5_000);
    Thread.sleep(300);
    assertEquals(1, texts(phone));
    assertEquals("[김밥천국] 주문 A-001이 접수되었습니다. 15분 후 준비됩니다.", lastText(phone).text());
    assertEquals(1, mails(address));
  }

  @Test
  void aTextWaitsOutAnAligoOutageAndGoesOnceItIsBack() throws Exception {
    String phone = NotificationDeliveryTest.aPhone();
    aligo.down();
    Notification text = text(phone, "준비 완료");
    try {
      enqueue(text);
      awaitAttempts(text, 2, 10_000);
    } finally {
      aligo.up();
    }
    awaitStatus(text, "sent", 10_000);
    Thread.sleep(300);
    assertEquals(1, texts(phone));
  }

  @Test
  void anEmailRateLimitedBySendGridGoesOnceAfterTheReset() throws Exception {
    String address = "owner-" + UUID.randomUUID() + "@example.kr";
    sendGrid.rateLimitNext(Instant.now().plusSeconds(1));
    Notification mail = email(address);
    enqueue(mail);
    awaitStatus(mail, "sent", 10_000);
    assertTrue(row(mail).attempts() >= 2, row(mail).toString());
    assertEquals(1, mails(address));
  }

  @Test
  void noBalanceIsADeadLetterWithAligosCodeAndGoesOnceRetriedByAnAdmin() throws Exception {
    String phone = NotificationDeliveryTest.aPhone();
    aligo.balance(0);
    Notification text = text(phone, "준비 완료");
    try {
      enqueue(text);
      awaitStatus(text, "failed", 5_000);
    } finally {
      aligo.balance(Integer.MAX_VALUE);
    }
    assertEquals(String.valueOf(FakeAligo.NO_BALANCE), row(text).lastCode());
    assertEquals(0, texts(phone));
    Api.Response retried =
        server
            .api()
            .post("/api/v1/admin/notifications/" + row(text).id() + "/retry", null, adminToken);
    assertEquals(200, retried.status(), retried::toString);
    awaitStatus(text, "sent", 5_000);
    assertEquals(1, texts(phone));
  }

  @Test
  void anAnswerThatNeverComesIsUnknownAndNotSentAgain() throws Exception {
    String phone = NotificationDeliveryTest.aPhone();
    aligo.acceptThenHangNext(Duration.ofSeconds(3));
    Notification text = text(phone, "준비 완료");
    enqueue(text);
    awaitStatus(text, "unknown", 5_000);
    Thread.sleep(3_000);
    assertEquals("unknown", row(text).status());
    assertEquals(1, texts(phone), "Aligo took it once, and was not asked again");
  }

  // Fixtures

  static Notification text(String phone, String body) {
    return new Notification(
        "order-event:" + UUID.randomUUID(),
        NotificationKind.ORDER_ACCEPTED,
        new Message(Channel.SMS, phone, null, body),
        null,
        UUID.randomUUID());
  }

  static Notification email(String address) {
    return new Notification(
        "security:" + UUID.randomUUID(),
        NotificationKind.NEW_DEVICE_LOGIN,
        new Message(
            Channel.EMAIL,
            address,
            "새 기기에서 로그인했습니다",
            "Someone signed in to your account from a new device."),
        null,
        UUID.randomUUID());
  }

  static void enqueue(Notification n) {
    server
        .application()
        .transactions()
        .run(
            () -> {
              server.notificationOutbox().enqueue(n);
              return null;
            });
  }

  static long texts(String phone) {
    return aligo.messages().stream().filter(m -> m.receiver().equals(phone)).count();
  }

  static FakeAligo.Sms lastText(String phone) {
    return aligo.messages().stream().filter(m -> m.receiver().equals(phone)).toList().getLast();
  }

  static long mails(String address) {
    return sendGrid.mails().stream().filter(m -> m.to().equals(address)).count();
  }

  static NotificationDeliveryTest.Row row(Notification n) {
    return NotificationDeliveryTest.row(server, n.sourceId());
  }

  static void awaitStatus(Notification n, String status, long millis) throws Exception {
    NotificationDeliveryTest.await(() -> status.equals(row(n).status()), millis);
  }

  static void awaitAttempts(Notification n, int attempts, long millis) throws Exception {
    NotificationDeliveryTest.await(() -> row(n).attempts() >= attempts, millis);
  }
}
