package dev.ordersync.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.SendOutcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Aligo adapter against the fake Aligo: every outcome. */
class AligoSmsTest {
  static final String KEY = "zt5p0p7c6we0w7cw9zccjuagcxyh8q5x";
  static final String USER = "ordersync";
  static final String SENDER = "025114560";
  static final Duration TIMEOUT = Duration.ofMillis(700);
  private final FakeAligo aligo = FakeAligo.start(KEY, USER, SENDER);

  @AfterEach
  void stop() {
    aligo.close();
  }

  private AligoSms adapter(String key, String sender, boolean testMode) {
    return new AligoSms(
        new AligoSms.Settings(aligo.uri(), key, USER, sender, testMode, TIMEOUT, TIMEOUT));
  }

  private AligoSms adapter() {
    return adapter(KEY, SENDER, false);
  }

  private static Message text(String body) {
    return new Message(Channel.SMS, "010-1234-5678", null, body);
  }

  @Test
  void aShortTextIsSentAsAnSmsAndItsIdComesBack() {
    var out = adapter().send(text("[맛있는집] 주문 A-17이 접수되었습니다. 약 15분 후 준비됩니다."));
    var sent = assertInstanceOf(SendOutcome.Sent.class, out);
    FakeAligo.Sms sms = aligo.messages().getFirst();
    assertEquals(sms.msgId(), sent.providerMessageId());
    assertEquals("01012345678", sms.receiver());
    assertEquals(SENDER, sms.sender());
    assertEquals("SMS", sms.type());
    assertNull(sms.title());
    assertFalse(sms.testMode());
    assertEquals(Channel.SMS, adapter().channel());
  }

  @Test
  void fortyFiveHangulAreAnSmsAndFortySixAnLmsWithATitle() {
    assertEquals(90, AligoSms.bytes("가".repeat(45)));
    assertEquals(92, AligoSms.bytes("가".repeat(46)));
    assertInstanceOf(SendOutcome.Sent.class, adapter().send(text("가".repeat(45))));
    assertInstanceOf(
        SendOutcome.Sent.class,
        adapter().send(new Message(Channel.SMS, "01012345678", "맛있는집 주문 안내", "가".repeat(46))));
    assertInstanceOf(SendOutcome.Sent.class, adapter().send(text("나".repeat(46))));
    var m = aligo.messages();
    assertEquals("SMS", m.get(0).type());
    assertEquals("LMS", m.get(1).type());
    assertEquals("맛있는집 주문 안내", m.get(1).title());
    assertEquals("LMS", m.get(2).type());
    assertEquals(AligoSms.DEFAULT_TITLE, m.get(2).title());
  }

  @Test
  void aLongSubjectIsCutToTheTitleLimitAndLineBreaksCountTwice() {
    String title = AligoSms.title("가".repeat(30));
    assertEquals(22, title.length());
    assertEquals(90, AligoSms.bytes("a".repeat(88) + "\n"));
    assertInstanceOf(
        SendOutcome.Sent.class,
        adapter().send(new Message(Channel.SMS, "01012345678", "가".repeat(30), "나".repeat(60))));
    assertEquals("가".repeat(22), aligo.messages().getFirst().title());
  }

  @Test
  void aTextOver2000BytesIsRefusedWithoutCallingAligo() {
    var out = adapter().send(text("가".repeat(1001)));
    assertEquals("too_long", assertInstanceOf(SendOutcome.Refused.class, out).code());
    assertInstanceOf(SendOutcome.Sent.class, adapter().send(text("가".repeat(1000))));
    assertEquals(1, aligo.requests());
  }

  @Test
  void aNumberThatIsNotKoreanIsRefusedWithoutCallingAligo() {
    var out = adapter().send(new Message(Channel.SMS, "+1 555 0100", null, "hi"));
    assertEquals("bad_number", assertInstanceOf(SendOutcome.Refused.class, out).code());
    assertEquals(0, aligo.requests());
  }

  @Test
  void resultCodeOneAsTextIsSentToo() {
    aligo.codesAsText(true);
    assertInstanceOf(SendOutcome.Sent.class, adapter().send(text("hi")));
  }

  @Test
  void aBadKeyIsRefusedWithAligosCodeAndTheKeyNeverShows() {
    String wrong = "wrongkey0000000000000000000000xx";
    var out = adapter(wrong, SENDER, false).send(text("hi"));
    var refused = assertInstanceOf(SendOutcome.Refused.class, out);
    assertEquals(String.valueOf(FakeAligo.AUTH_FAILED), refused.code());
    assertFalse(refused.toString().contains(wrong));
    assertFalse(adapter().toString().contains(KEY));
    assertTrue(aligo.messages().isEmpty());
  }

  @Test
  void anUnregisteredSenderAndNoBalanceAreRefused() {
    var out = adapter(KEY, "0299998888", false).send(text("hi"));
    assertEquals(
        String.valueOf(FakeAligo.UNREGISTERED_SENDER),
        assertInstanceOf(SendOutcome.Refused.class, out).code());
    aligo.balance(0);
    var none = assertInstanceOf(SendOutcome.Refused.class, adapter().send(text("hi")));
    assertEquals(String.valueOf(FakeAligo.NO_BALANCE), none.code());
    assertTrue(none.detail().contains("잔액"), none.detail());
  }

  @Test
  void testModeIsPassedOn() {
    aligo.balance(0);
    assertInstanceOf(SendOutcome.Sent.class, adapter(KEY, SENDER, true).send(text("hi")));
    assertTrue(aligo.messages().getFirst().testMode());
  }

  @Test
  void aReceiverAligoRejectsIsRefused() {
    aligo.answerNext(
        200,
        Map.of("Content-Type", "application/json"),
        "{\"result_code\":\"1\",\"message\":\"success\",\"msg_id\":\"1\",\"success_cnt\":0,"
            + "\"error_cnt\":1,\"msg_type\":\"SMS\"}");
    var out = adapter().send(text("hi"));
    assertEquals("receiver_rejected", assertInstanceOf(SendOutcome.Refused.class, out).code());
  }

  @Test
  void rateLimitedIsRetriedAfterWhatAligoAsked() {
    aligo.rateLimitNext(Duration.ofSeconds(7));
    var retry = assertInstanceOf(SendOutcome.RetryLater.class, adapter().send(text("hi")));
    assertEquals("429", retry.code());
    assertEquals(Duration.ofSeconds(7), retry.retryAfter());
  }

  @Test
  void aServerErrorIsRetriedLater() {
    aligo.serverErrorNext();
    var retry = assertInstanceOf(SendOutcome.RetryLater.class, adapter().send(text("hi")));
    assertEquals("500", retry.code());
    assertNull(retry.retryAfter());
    assertTrue(aligo.messages().isEmpty());
  }

  @Test
  void a200ThatIsNotJsonIsUnknownNotRetried() {
    aligo.answerNext(200, Map.of("Content-Type", "text/html"), "<html>maintenance</html>");
    var out = adapter().send(text("hi"));
    assertTrue(
        assertInstanceOf(SendOutcome.Unknown.class, out).detail().contains("not its JSON"),
        out.toString());
  }

  @Test
  void aSlowAnswerPastTheTimeoutIsUnknown() {
    aligo.slowNext(Duration.ofSeconds(2));
    assertInstanceOf(SendOutcome.Unknown.class, adapter().send(text("hi")));
  }

  @Test
  void anAnswerThatStallsAfterItsHeadersIsBoundedAndUnknown() {
    aligo.stallBodyNext(Duration.ofSeconds(3));
    long t0 = System.nanoTime();
    assertInstanceOf(SendOutcome.Unknown.class, adapter().send(text("stall")));
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos());
    assertEquals(1, aligo.messages().size());
  }

  @Test
  void acceptThenHangIsUnknownAndTheMessageWasTaken() {
    aligo.acceptThenHangNext(Duration.ofSeconds(2));
    assertInstanceOf(SendOutcome.Unknown.class, adapter().send(text("hang")));
    assertEquals(1, aligo.messages().size());
  }

  @Test
  void downIsConnectFailedAndAfterUpItIsSentOnce() {
    AligoSms sms = adapter();
    assertInstanceOf(SendOutcome.Sent.class, sms.send(text("before")));
    aligo.down();
    var retry = assertInstanceOf(SendOutcome.RetryLater.class, sms.send(text("while down")));
    assertEquals("connect_failed", retry.code());
    aligo.up();
    assertInstanceOf(SendOutcome.Sent.class, sms.send(text("after")));
    assertEquals(
        java.util.List.of("before", "after"),
        aligo.messages().stream().map(FakeAligo.Sms::text).toList());
  }
}
