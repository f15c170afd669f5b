package dev.ordersync.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake Aligo keeps Aligo's send contract, seen through plain HTTP. */
class FakeAligoTest {
  static final String KEY = "zt5p0p7c6we0w7cw9zccjuagcxyh8q5x";
  static final String USER = "ordersync";
  static final String SENDER = "025114560";
  private final FakeAligo aligo = FakeAligo.start(KEY, USER, SENDER);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    aligo.close();
  }

  private Map<String, String> form(String msg) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("key", KEY);
    f.put("user_id", USER);
    f.put("sender", SENDER);
    f.put("receiver", "01012345678");
    f.put("msg", msg);
    return f;
  }

  private HttpResponse<String> post(Map<String, String> form) throws Exception {
    StringBuilder b = new StringBuilder();
    form.forEach(
        (k, v) ->
            b.append(b.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return http.send(
        HttpRequest.newBuilder(aligo.uri().resolve("/send/"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(b.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void aShortTextIsTakenAsAnSmsAndRecordedWithItsHeaders() throws Exception {
    var r = post(form("주문이 접수되었습니다"));
    assertEquals(200, r.statusCode());
    JsonNode a = json(r);
    assertEquals(1, a.path("result_code").asInt());
    assertEquals("SMS", a.path("msg_type").asText());
    assertEquals(1, a.path("success_cnt").asInt());
    assertFalse(a.path("msg_id").asText().isEmpty());
    FakeAligo.Sms sms = aligo.messages().getFirst();
    assertEquals("01012345678", sms.receiver());
    assertEquals("주문이 접수되었습니다", sms.text());
    assertEquals("SMS", sms.type());
    assertEquals(a.path("msg_id").asText(), sms.msgId());
    assertEquals(
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        sms.headers().get("traceparent"));
  }

  @Test
  void withoutATypeTheSizeChoosesAndAnSmsOver90BytesIsRefused() throws Exception {
    assertEquals(90, FakeAligo.bytes("가".repeat(45)));
    assertEquals("SMS", json(post(form("가".repeat(45)))).path("msg_type").asText());
    assertEquals("LMS", json(post(form("가".repeat(46)))).path("msg_type").asText());
    var f = form("가".repeat(46));
    f.put("msg_type", "SMS");
    assertEquals(FakeAligo.TOO_LONG, json(post(f)).path("result_code").asInt());
    var big = form("가".repeat(1001));
    big.put("msg_type", "LMS");
    assertEquals(FakeAligo.TOO_LONG, json(post(big)).path("result_code").asInt());
    var title = form("가".repeat(46));
    title.put("msg_type", "LMS");
    title.put("title", "나".repeat(23));
    assertEquals(FakeAligo.BAD_TITLE, json(post(title)).path("result_code").asInt());
    title.put("title", "나".repeat(22));
    assertEquals(1, json(post(title)).path("result_code").asInt());
    assertEquals("나".repeat(22), aligo.messages().getLast().title());
    assertEquals(3, aligo.messages().size());
  }

  @Test
  void aWrongKeyOrUserAnUnregisteredSenderOrAMissingFieldIsRefused() throws Exception {
    var f = form("hi");
    f.put("key", "wrong");
    assertEquals(FakeAligo.AUTH_FAILED, json(post(f)).path("result_code").asInt());
    f = form("hi");
    f.put("user_id", "someone");
    assertEquals(FakeAligo.AUTH_FAILED, json(post(f)).path("result_code").asInt());
    f = form("hi");
    f.put("sender", "0212345678");
    assertEquals(FakeAligo.UNREGISTERED_SENDER, json(post(f)).path("result_code").asInt());
    f = form("hi");
    f.remove("receiver");
    assertEquals(FakeAligo.MISSING_FIELD, json(post(f)).path("result_code").asInt());
    assertEquals(FakeAligo.MISSING_FIELD, json(post(form(""))).path("result_code").asInt());
    assertTrue(aligo.messages().isEmpty());
  }

  @Test
  void eachReceiverCostsOneAndTestModeCostsNothing() throws Exception {
    aligo.balance(1);
    assertEquals(1, json(post(form("one"))).path("result_code").asInt());
    JsonNode none = json(post(form("two")));
    assertEquals(FakeAligo.NO_BALANCE, none.path("result_code").asInt());
    assertTrue(none.path("message").asText().contains("잔액"));
    var test = form("three");
    test.put("testmode_yn", "Y");
    assertEquals(1, json(post(test)).path("result_code").asInt());
    assertEquals(2, aligo.messages().size());
    assertTrue(aligo.messages().getLast().testMode());
  }

  @Test
  void aReceiverThatIsNotAMobileNumberIsCountedAsAnError() throws Exception {
    var f = form("hi");
    f.put("receiver", "01012345678,12345");
    JsonNode a = json(post(f));
    assertEquals(1, a.path("result_code").asInt());
    assertEquals(1, a.path("success_cnt").asInt());
    assertEquals(1, a.path("error_cnt").asInt());
    assertEquals(1, aligo.messages().size());
  }

  @Test
  void codesCanBeWrittenAsText() throws Exception {
    aligo.codesAsText(true);
    assertTrue(json(post(form("hi"))).path("result_code").isTextual());
    assertEquals("1", json(post(form("hi"))).path("result_code").asText());
  }

  @Test
  void rateLimitsAndServerErrorsAreScriptedForTheNextRequest() throws Exception {
    aligo.rateLimitNext(Duration.ofSeconds(7));
    var limited = post(form("hi"));
    assertEquals(429, limited.statusCode());
    assertEquals("7", limited.headers().firstValue("Retry-After").orElseThrow());
    aligo.serverErrorNext();
    assertEquals(500, post(form("hi")).statusCode());
    assertTrue(aligo.messages().isEmpty());
    assertEquals(200, post(form("hi")).statusCode());
    assertEquals(1, aligo.messages().size());
  }

  @Test
  void acceptThenHangRecordsTheMessageBeforeItAnswers() throws Exception {
    aligo.acceptThenHangNext(Duration.ofSeconds(3));
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(form("hang"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (aligo.messages().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, aligo.messages().size());
    assertFalse(answer.isDone());
    assertEquals(200, answer.get(10, TimeUnit.SECONDS).statusCode());
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(2900));
  }

  @Test
  void aSlowAnswerComesAfterTheDelay() throws Exception {
    aligo.slowNext(Duration.ofMillis(800));
    long t0 = System.nanoTime();
    assertEquals(200, post(form("slow")).statusCode());
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(750));
  }

  @Test
  void downRefusesConnectionsAndUpListensOnTheSamePort() throws Exception {
    var uri = aligo.uri();
    aligo.down();
    assertFalse(aligo.isUp());
    var e = assertThrows(IOException.class, () -> post(form("hi")));
    assertTrue(
        e instanceof ConnectException || e.getCause() instanceof ConnectException, e.toString());
    aligo.up();
    assertEquals(uri, aligo.uri());
    assertEquals(200, post(form("hi")).statusCode());
    assertEquals(1, aligo.messages().size());
  }
}
