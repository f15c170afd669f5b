package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.SendOutcome;
import dev.ordersync.core.user.CreateAdmin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages recorded in a change's unit of work are delivered by the server's dispatcher: once, with
 * retries and backoff while the provider is down, to the dead letters when refused (and again when
 * an admin retries), never resent when their fate is unknown, and dropped when their subject is
 * erased. Providers are in-process recording doubles of the port; the database is real.
 */
class NotificationDeliveryTest {
  static final RecordingNotifier sms = new RecordingNotifier(Channel.SMS);
  static final RecordingNotifier email = new RecordingNotifier(Channel.EMAIL);
  static TestServer server;
  static Scenario story;
  static String adminToken;

  @BeforeAll
  static void start() {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_NOTIFY_POLL_INTERVAL", "PT0.2S");
    env.put("ORDERSYNC_NOTIFY_RETRY_BASE", "PT0.05S");
    env.put("ORDERSYNC_NOTIFY_RETRY_CAP", "PT0.2S");
    env.put("ORDERSYNC_NOTIFY_SEND_LEASE", "PT1S");
    env.put("ORDERSYNC_NOTIFY_CLAIM_LEASE", "PT1S");
    server =
        TestServer.startWithProviders(
            env, channel -> Optional.of(channel == Channel.SMS ? sms : email));
    story = new Scenario(server.api());
    String adminEmail = "admin-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(adminEmail, "Admin", "correct horse battery"));
    adminToken = story.login(adminEmail);
  }

  @AfterAll
  static void stop() {
    sms.release();
    email.release();
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void providersBackToNormal() {
    sms.release();
    email.release();
    sms.answering(m -> RecordingNotifier.sent());
    email.answering(m -> RecordingNotifier.sent());
  }

  @Test
  void aMessageIsSentOnceAndRecordingItTwiceKeepsOne() throws Exception {
    String phone = aPhone();
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "주문이 접수되었습니다");
    long t0 = System.nanoTime();
    enqueue(n);
    enqueue(n);
    await(() -> "sent".equals(row(n.sourceId()).status()), 5_000);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 2_000, "delivered after " + ms + " ms");
    Thread.sleep(300);
    assertEquals(1, sms.receivedBy(phone).size());
    assertEquals("주문이 접수되었습니다", sms.receivedBy(phone).getFirst().body());
    assertEquals(1, count("source_id = '" + n.sourceId() + "'"));
    Row r = row(n.sourceId());
    assertEquals(1, r.attempts());
    assertTrue(r.providerMessageId().startsWith("msg-"), r.toString());
    // Recorded again later (a replayed event): still one message.
    enqueue(n);
    Thread.sleep(500);
    assertEquals(1, sms.receivedBy(phone).size());
  }

  @Test
  void theSameSourceToTwoRecipientsIsTwoMessages() throws Exception {
    String source = "order-event:" + UUID.randomUUID();
    String one = aPhone();
    String two = aPhone();
    enqueue(guestText(source, one, "준비 완료"));
    enqueue(guestText(source, two, "준비 완료"));
    await(() -> sms.receivedBy(one).size() == 1 && sms.receivedBy(two).size() == 1, 5_000);
  }

  @Test
  void aProviderDownIsRetriedWithBackoffAndTheMessageSentOnceWhenItIsBack() throws Exception {
    String phone = aPhone();
    AtomicInteger calls = new AtomicInteger();
    sms.answering(
        m ->
            m.to().equals(phone) && calls.incrementAndGet() <= 4
                ? new SendOutcome.RetryLater("503", "service unavailable", null)
                : RecordingNotifier.sent());
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "준비 완료");
    enqueue(n);
    await(() -> "sent".equals(row(n.sourceId()).status()), 10_000);
    Thread.sleep(300);
    assertEquals(5, sms.receivedBy(phone).size(), "four refusals, then the one that went out");
    assertEquals(5, row(n.sourceId()).attempts());
    assertNull(row(n.sourceId()).lastCode(), "a sent message carries no error");
  }

  @Test
  void aProvidersRetryAfterIsHonoured() throws Exception {
    String phone = aPhone();
    AtomicInteger calls = new AtomicInteger();
    sms.answering(
        m ->
            m.to().equals(phone) && calls.incrementAndGet() == 1
                ? new SendOutcome.RetryLater("429", "rate limited", Duration.ofMillis(1500))
                : RecordingNotifier.sent());
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "준비 완료");
    enqueue(n);
    await(() -> sms.receivedBy(phone).size() == 1, 5_000);
    long first = System.nanoTime();
    await(() -> "sent".equals(row(n.sourceId()).status()), 5_000);
    long waited = (System.nanoTime() - first) / 1_000_000;
    assertTrue(waited >= 1_400, "the second attempt came after " + waited + " ms");
  }

  @Test
  void retriesStopWhenTheMessageExpiresAndItFailsAsExpired() throws Exception {
    String phone = aPhone();
    sms.answering(
        m ->
            m.to().equals(phone)
                ? new SendOutcome.RetryLater("503", "down", null)
                : RecordingNotifier.sent());
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "준비 완료");
    enqueue(n);
    await(() -> row(n.sourceId()).attempts() >= 1, 5_000);
    sql(
        "UPDATE notifications SET expires_at = now() + interval '300 milliseconds' WHERE source_id = ?",
        n.sourceId());
    await(() -> "failed".equals(row(n.sourceId()).status()), 5_000);
    assertEquals("expired", row(n.sourceId()).lastCode());
  }

  @Test
  void aRefusedMessageIsADeadLetterWithTheProvidersCodeAndAnAdminCanRetryIt() throws Exception {
    String phone = aPhone();
    sms.answering(
        m ->
            m.to().equals(phone)
                ? new SendOutcome.Refused("-101", "unregistered sender")
                : RecordingNotifier.sent());
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "주문이 취소되었습니다");
    enqueue(n);
    await(() -> "failed".equals(row(n.sourceId()).status()), 5_000);
    Thread.sleep(500);
    assertEquals(1, sms.receivedBy(phone).size(), "a refused message is not retried by itself");
    Row failed = row(n.sourceId());
    assertEquals("-101", failed.lastCode());

    Api.Response list =
        server.api().get("/api/v1/admin/notifications?status=failed&limit=200", adminToken);
    assertEquals(200, list.status(), list::toString);
    JsonNode shown = find(list.json().path("data"), failed.id());
    assertNotNull(shown, list::toString);
    assertEquals("failed", shown.path("status").asText());
    assertEquals("-101", shown.path("last_code").asText());
    assertEquals("unregistered sender", shown.path("last_detail").asText());
    assertEquals("ORDER_CANCELED", shown.path("kind").asText());
    assertEquals("SMS", shown.path("channel").asText());
    assertEquals(
        phone.substring(0, 3) + "-****-" + phone.substring(7), shown.path("recipient").asText());
    assertFalse(list.raw().body().contains(phone), "never the full number");
    assertFalse(list.raw().body().contains("취소"), "never the text");
    // Showing the masked number is a recorded read of the guest's personal data.
    // Listed once sealed (the sealer runs every 200 ms; sealAuditNow may find it at work).
    String readsPath = "/api/v1/admin/personal-data-access?subject=order:" + n.subjectId();
    await(
        () -> {
          server.sealAuditNow();
          return server
              .api()
              .get(readsPath, adminToken)
              .raw()
              .body()
              .contains("admin_notifications");
        },
        5_000);

    sms.answering(m -> RecordingNotifier.sent());
    Api.Response retried =
        server
            .api()
            .post("/api/v1/admin/notifications/" + failed.id() + "/retry", null, adminToken);
    assertEquals(200, retried.status(), retried::toString);
    await(() -> "sent".equals(row(n.sourceId()).status()), 5_000);
    assertEquals(2, sms.receivedBy(phone).size());
    Api.Response again =
        server
            .api()
            .post("/api/v1/admin/notifications/" + failed.id() + "/retry", null, adminToken);
    assertEquals(409, again.status(), again::toString);
    assertEquals("not_retryable", again.code());
    // The admin's list shows records once sealed; the sealer may be mid-run, so seal and look
    // again.
    await(
        () -> {
          server.sealAuditNow();
          return server
              .api()
              .get("/api/v1/admin/audit?action=RETRY_NOTIFICATION", adminToken)
              .raw()
              .body()
              .contains(failed.id().toString());
        },
        5_000);
  }

  @Test
  void theAdminRoutesCheckWhoAsksAndWhatTheyAsk() {
    assertEquals(401, server.api().get("/api/v1/admin/notifications", null).status());
    Api.Response bad = server.api().get("/api/v1/admin/notifications?status=lost", adminToken);
    assertEquals(400, bad.status(), bad::toString);
    assertEquals("invalid_parameter", bad.code());
    Api.Response none =
        server
            .api()
            .post("/api/v1/admin/notifications/" + UUID.randomUUID() + "/retry", null, adminToken);
    assertEquals(404, none.status(), none::toString);
  }

  @Test
  void anUnknownOutcomeIsRecordedAndNeverResentByItself() throws Exception {
    String address = "guest-" + UUID.randomUUID() + "@example.kr";
    email.answering(
        m ->
            m.to().equals(address)
                ? new SendOutcome.Unknown("read timed out after sending")
                : RecordingNotifier.sent());
    Notification n = userEmail("security:" + UUID.randomUUID(), UUID.randomUUID(), address);
    enqueue(n);
    await(() -> "unknown".equals(row(n.sourceId()).status()), 5_000);
    Thread.sleep(1_000);
    assertEquals(1, email.receivedBy(address).size());
    assertEquals("read timed out after sending", row(n.sourceId()).lastDetail());
  }

  @Test
  void aMessageLeftSendingByADeadSenderBecomesUnknownAndIsNotResent() throws Exception {
    String phone = aPhone();
    sms.answering(
        m ->
            m.to().equals(phone)
                ? new SendOutcome.RetryLater("503", "down", Duration.ofHours(1))
                : RecordingNotifier.sent());
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "준비 완료");
    enqueue(n);
    await(() -> row(n.sourceId()).attempts() == 1, 5_000);
    // As a sender that died between its send and its mark leaves it.
    sql(
        "UPDATE notifications SET status = 'sending', lease_owner = 'dispatcher-dead',"
            + " lease_until = now() - interval '1 second', next_attempt_at = now() WHERE source_id = ?",
        n.sourceId());
    sms.answering(m -> RecordingNotifier.sent());
    await(() -> "unknown".equals(row(n.sourceId()).status()), 5_000);
    assertEquals("lease_expired", row(n.sourceId()).lastCode());
    Thread.sleep(1_000);
    assertEquals(1, sms.receivedBy(phone).size(), "never sent again by itself");
    assertEquals("unknown", row(n.sourceId()).status());
  }

  @Test
  void aSendThatOutlivesItsLeaseIsUnknownUntilItsAnswerComes() throws Exception {
    String phone = aPhone();
    sms.hang();
    Notification n = guestText("order-event:" + UUID.randomUUID(), phone, "준비 완료");
    enqueue(n);
    await(() -> "unknown".equals(row(n.sourceId()).status()), 5_000);
    assertEquals(1, sms.receivedBy(phone).size());
    sms.release();
    await(() -> "sent".equals(row(n.sourceId()).status()), 5_000);
    assertEquals(1, sms.receivedBy(phone).size());
  }

  @Test
  void aHangingProviderDoesNotHoldTheOtherChannel() throws Exception {
    sms.hang();
    String phone = aPhone();
    enqueue(guestText("order-event:" + UUID.randomUUID(), phone, "준비 완료"));
    await(() -> sms.receivedBy(phone).size() == 1, 5_000);
    String address = "owner-" + UUID.randomUUID() + "@example.kr";
    Notification mail = userEmail("security:" + UUID.randomUUID(), UUID.randomUUID(), address);
    long t0 = System.nanoTime();
    enqueue(mail);
    await(() -> "sent".equals(row(mail.sourceId()).status()), 5_000);
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
    sms.release();
  }

  @Test
  void aGuestWhoErasesTheirOrderGetsNothingMore() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Erasure Kitchen");
    String item = story.anItem(owner, "Bibimbap", 9000, null);
    Api.Response order = story.anAnonymousOrder(owner.restaurantId(), item, 1);
    UUID orderId = UUID.fromString(order.text("id"));
    String phone = "01098765432";
    sms.answering(
        m ->
            m.body().contains(orderId.toString())
                ? new SendOutcome.RetryLater("503", "down", Duration.ofHours(1))
                : RecordingNotifier.sent());
    Notification n =
        new Notification(
            "order-event:" + UUID.randomUUID(),
            NotificationKind.ORDER_READY,
            new Message(Channel.SMS, phone, null, "준비 완료 " + orderId),
            UUID.fromString(owner.restaurantId()),
            orderId);
    enqueue(n);
    await(() -> row(n.sourceId()).attempts() == 1, 5_000);
    Api.Response erased =
        server
            .api()
            .send(
                "DELETE",
                "/api/v1/orders/" + orderId + "/customer",
                null,
                order.text("order_token"),
                null,
                null);
    assertTrue(erased.status() / 100 == 2, erased::toString);
    Row r = row(n.sourceId());
    assertEquals("dropped", r.status());
    assertEquals("erased", r.lastCode());
    assertFalse(r.hasRecipient(), "its recipient is gone");
  }

  @Test
  void anAccountErasedDropsItsPendingEmail() throws Exception {
    String address = "customer-" + UUID.randomUUID() + "@example.kr";
    UUID userId = UUID.fromString(story.register(address, "CUSTOMER"));
    String token = story.login(address);
    email.answering(
        m ->
            m.to().equals(address)
                ? new SendOutcome.RetryLater("503", "down", Duration.ofHours(1))
                : RecordingNotifier.sent());
    Notification n = userEmail("security:" + UUID.randomUUID(), userId, address);
    enqueue(n);
    await(() -> row(n.sourceId()).attempts() == 1, 5_000);
    Api.Response erased = server.api().send("DELETE", "/api/v1/auth/me", null, token, null, null);
    assertTrue(erased.status() / 100 == 2, erased::toString);
    Row r = row(n.sourceId());
    assertEquals("dropped", r.status());
    assertFalse(r.hasRecipient());
  }

  @Test
  void aMessageWhoseRecipientNoLongerDecryptsIsDroppedNotSent() throws Exception {
    UUID userId = UUID.randomUUID();
    String address = "gone-" + UUID.randomUUID() + "@example.kr";
    Notification n = userEmail("security:" + UUID.randomUUID(), userId, address);
    email.answering(
        m ->
            m.to().equals(address)
                ? new SendOutcome.RetryLater("503", "down", Duration.ofMillis(500))
                : RecordingNotifier.sent());
    enqueue(n);
    await(() -> row(n.sourceId()).attempts() == 1, 5_000);
    server.application().columns().crypto().shredSubject("user:" + userId);
    await(() -> "dropped".equals(row(n.sourceId()).status()), 5_000);
    assertEquals(1, email.receivedBy(address).size());
  }

  @Test
  void theMetersShowWhatWasSentAndTheQueue() throws Exception {
    Notification n = guestText("order-event:" + UUID.randomUUID(), aPhone(), "준비 완료");
    enqueue(n);
    await(() -> "sent".equals(row(n.sourceId()).status()), 5_000);
    assertTrue(NotificationMetrics.sentCount(Channel.SMS, NotificationKind.ORDER_READY) >= 1);
    String metrics = Metrics.scrape(server.managementPort());
    assertTrue(metrics.contains("ordersync_notifications_queue_depth"), metrics);
    assertTrue(metrics.contains("ordersync_notifications_oldest_pending_seconds"), metrics);
    assertTrue(metrics.contains("ordersync_notifications_sent_total{"), metrics);
  }

  // Fixtures

  static String aPhone() {
    return "010" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  static Notification guestText(String source, String phone, String text) {
    return new Notification(
        source,
        kindFor(text),
        new Message(Channel.SMS, phone, null, text),
        null,
        UUID.randomUUID());
  }

  private static NotificationKind kindFor(String text) {
    return text.contains("취소") ? NotificationKind.ORDER_CANCELED : NotificationKind.ORDER_READY;
  }

  static Notification userEmail(String source, UUID userId, String address) {
    return new Notification(
        source,
        NotificationKind.PASSWORD_CHANGED,
        new Message(Channel.EMAIL, address, "비밀번호가 변경되었습니다", "Your password was changed."),
        null,
        userId);
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

  record Row(
      UUID id,
      String status,
      int attempts,
      String lastCode,
      String lastDetail,
      String providerMessageId,
      boolean hasRecipient) {}

  static Row row(String sourceId) {
    return row(server, sourceId);
  }

  static Row row(TestServer server, String sourceId) {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, status, attempts, last_code, last_detail, provider_message_id,"
                    + " recipient_ct IS NOT NULL FROM notifications WHERE source_id = ?")) {
      ps.setString(1, sourceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Row(null, null, 0, null, null, null, false);
        }
        return new Row(
            rs.getObject(1, UUID.class),
            rs.getString(2),
            rs.getInt(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getBoolean(7));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(String where) {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM notifications WHERE " + where);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sql(String sql, String param) {
    try (Connection c = server.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode find(JsonNode data, UUID id) {
    for (JsonNode n : data) {
      if (n.path("id").asText().equals(id.toString())) {
        return n;
      }
    }
    return null;
  }

  static void await(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + millis + " ms");
      }
      Thread.sleep(20);
    }
  }
}
