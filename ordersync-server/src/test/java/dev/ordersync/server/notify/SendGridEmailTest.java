package dev.ordersync.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.SendOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SendGrid adapter against the fake SendGrid: every outcome. */
class SendGridEmailTest {
  static final String KEY = "SG.test-key.abcdefghijklmnopqrstuvwxyz";
  static final String FROM = "orders@ordersync.example.kr";
  static final Duration TIMEOUT = Duration.ofMillis(700);
  private final FakeSendGrid sendGrid = FakeSendGrid.start(KEY, FROM);

  @AfterEach
  void stop() {
    sendGrid.close();
  }

  private SendGridEmail adapter(String key, String from, Clock clock) {
    return new SendGridEmail(
        new SendGridEmail.Settings(sendGrid.uri(), key, from, "OrderSync", TIMEOUT, TIMEOUT),
        clock,
        true);
  }

  private SendGridEmail adapter() {
    return adapter(KEY, FROM, Clock.systemUTC());
  }

  private static Message mail(String body) {
    return new Message(Channel.EMAIL, "owner@example.kr", "새 기기에서 로그인했습니다", body);
  }

  @Test
  void aMailIsSentAsPlainTextAndEscapedHtmlAndItsIdComesBack() {
    var out = adapter().send(mail("Chrome <Windows> & 서울\n시간: 21:04"));
    var sent = assertInstanceOf(SendOutcome.Sent.class, out);
    FakeSendGrid.Mail m = sendGrid.mails().getFirst();
    assertEquals(m.messageId(), sent.providerMessageId());
    assertFalse(sent.providerMessageId().isEmpty());
    assertEquals("owner@example.kr", m.to());
    assertEquals(FROM, m.fromEmail());
    assertEquals("OrderSync", m.fromName());
    assertEquals("새 기기에서 로그인했습니다", m.subject());
    assertEquals("Chrome <Windows> & 서울\n시간: 21:04", m.text());
    assertTrue(m.html().contains("Chrome &lt;Windows&gt; &amp; 서울<br>"), m.html());
    assertFalse(m.html().contains("<Windows>"));
    assertEquals("application/json", m.headers().get("content-type"));
    assertEquals(Channel.EMAIL, adapter().channel());
  }

  @Test
  void aBadKeyIsRefused401AndTheKeyNeverShows() {
    String wrong = "SG.wrong-key.secretsecretsecret";
    var refused =
        assertInstanceOf(
            SendOutcome.Refused.class, adapter(wrong, FROM, Clock.systemUTC()).send(mail("t")));
    assertEquals("401", refused.code());
    assertTrue(refused.detail().contains("authorization grant"), refused.detail());
    assertFalse(refused.toString().contains(wrong));
    assertFalse(adapter().toString().contains(KEY));
  }

  @Test
  void anUnverifiedSenderIsRefused403() {
    var refused =
        assertInstanceOf(
            SendOutcome.Refused.class,
            adapter(KEY, "someone@else.kr", Clock.systemUTC()).send(mail("t")));
    assertEquals("403", refused.code());
    assertTrue(refused.detail().contains("verified Sender Identity"));
  }

  @Test
  void a400IsRefusedWithTheFirstErrorAndItsField() {
    sendGrid.answerNext(
        400,
        Map.of("Content-Type", "application/json"),
        "{\"errors\":[{\"message\":\"Does not contain a valid address.\","
            + "\"field\":\"personalizations.0.to.0.email\",\"help\":null},{\"message\":\"x\"}]}");
    var refused = assertInstanceOf(SendOutcome.Refused.class, adapter().send(mail("t")));
    assertEquals("400", refused.code());
    assertEquals(
        "personalizations.0.to.0.email: Does not contain a valid address.", refused.detail());
  }

  @Test
  void aBodyTooLargeIsRefused413() {
    sendGrid.maxBodyBytes(500);
    var refused =
        assertInstanceOf(SendOutcome.Refused.class, adapter().send(mail("x".repeat(1000))));
    assertEquals("413", refused.code());
  }

  @Test
  void aBadAddressOrNoSubjectIsRefusedWithoutCalling() {
    var bad = adapter().send(new Message(Channel.EMAIL, "not an address", "s", "t"));
    assertEquals("bad_address", assertInstanceOf(SendOutcome.Refused.class, bad).code());
    var noSubject = adapter().send(new Message(Channel.EMAIL, "owner@example.kr", null, "t"));
    assertEquals("no_subject", assertInstanceOf(SendOutcome.Refused.class, noSubject).code());
    assertEquals(0, sendGrid.requests());
  }

  @Test
  void rateLimitedIsRetriedAtTheReset() {
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    sendGrid.rateLimitNext(now.plusSeconds(42));
    var retry =
        assertInstanceOf(
            SendOutcome.RetryLater.class,
            adapter(KEY, FROM, Clock.fixed(now, ZoneOffset.UTC)).send(mail("t")));
    assertEquals("429", retry.code());
    assertEquals(Duration.ofSeconds(42), retry.retryAfter());
  }

  @Test
  void aServerErrorIsRetriedLater() {
    sendGrid.serverErrorNext();
    var retry = assertInstanceOf(SendOutcome.RetryLater.class, adapter().send(mail("t")));
    assertEquals("500", retry.code());
    assertNull(retry.retryAfter());
    assertTrue(sendGrid.mails().isEmpty());
  }

  @Test
  void aSlowAnswerPastTheTimeoutIsUnknown() {
    sendGrid.slowNext(Duration.ofSeconds(2));
    assertInstanceOf(SendOutcome.Unknown.class, adapter().send(mail("t")));
  }

  @Test
  void acceptThenHangIsUnknownAndTheMailWasTaken() {
    sendGrid.acceptThenHangNext(Duration.ofSeconds(2));
    assertInstanceOf(SendOutcome.Unknown.class, adapter().send(mail("hang")));
    assertEquals(1, sendGrid.mails().size());
  }

  @Test
  void downIsConnectFailedAndAfterUpItIsSentOnce() {
    SendGridEmail email = adapter();
    assertInstanceOf(SendOutcome.Sent.class, email.send(mail("before")));
    sendGrid.down();
    var retry = assertInstanceOf(SendOutcome.RetryLater.class, email.send(mail("while down")));
    assertEquals("connect_failed", retry.code());
    sendGrid.up();
    assertInstanceOf(SendOutcome.Sent.class, email.send(mail("after")));
    assertEquals(
        List.of("before", "after"),
        sendGrid.mails().stream().map(FakeSendGrid.Mail::text).toList());
  }

  @Test
  void mailFromIsAnAddressOrANameAndAnAddress() {
    assertEquals(
        Optional.of(new SendGridEmail.Address("orders@x.kr", null)),
        SendGridEmail.parseAddress(" orders@x.kr "));
    assertEquals(
        Optional.of(new SendGridEmail.Address("orders@x.kr", "맛있는집 주문")),
        SendGridEmail.parseAddress("맛있는집 주문 <orders@x.kr>"));
    assertEquals(
        Optional.of(new SendGridEmail.Address("orders@x.kr", "OrderSync, Seoul")),
        SendGridEmail.parseAddress("\"OrderSync, Seoul\" <orders@x.kr>"));
    for (String bad : new String[] {"orders", "orders@x", "Name <orders@x.kr", "a b@x.kr", ""}) {
      assertTrue(SendGridEmail.parseAddress(bad).isEmpty(), bad);
    }
  }
}
