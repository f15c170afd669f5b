package dev.ordersync.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake SendGrid keeps SendGrid's v3 mail/send contract, seen through plain HTTP. */
class FakeSendGridTest {
  static final String KEY = "SG.test-key.abcdefghijklmnopqrstuvwxyz";
  static final String FROM = "orders@ordersync.example.kr";
  private final FakeSendGrid sendGrid = FakeSendGrid.start(KEY, FROM);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    sendGrid.close();
  }

  static String mail(String to, String from, String subject, String content) {
    return "{\"personalizations\":[{\"to\":[{\"email\":\""
        + to
        + "\"}]}],\"from\":{\"email\":\""
        + from
        + "\",\"name\":\"OrderSync\"},"
        + (subject == null ? "" : "\"subject\":\"" + subject + "\",")
        + "\"content\":"
        + content
        + "}";
  }

  static String plainAndHtml(String text) {
    return "[{\"type\":\"text/plain\",\"value\":\""
        + text
        + "\"},{\"type\":\"text/html\",\"value\":\"<p>"
        + text
        + "</p>\"}]";
  }

  private HttpResponse<String> post(String authorization, String body) throws Exception {
    var b =
        HttpRequest.newBuilder(sendGrid.uri().resolve("/v3/mail/send"))
            .header("Content-Type", "application/json")
            .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body) throws Exception {
    return post("Bearer " + KEY, body);
  }

  private static JsonNode firstError(HttpResponse<String> r) throws IOException {
    return new ObjectMapper().readTree(r.body()).path("errors").path(0);
  }

  @Test
  void aGoodMailIsAcceptedWithAMessageIdAndRecorded() throws Exception {
    var r = post(mail("owner@example.kr", FROM, "새 기기 로그인", plainAndHtml("안녕하세요")));
    assertEquals(202, r.statusCode());
    String id = r.headers().firstValue("X-Message-Id").orElseThrow();
    assertTrue(r.body().isEmpty());
    FakeSendGrid.Mail m = sendGrid.mails().getFirst();
    assertEquals("owner@example.kr", m.to());
    assertEquals(FROM, m.fromEmail());
    assertEquals("OrderSync", m.fromName());
    assertEquals("새 기기 로그인", m.subject());
    assertEquals("안녕하세요", m.text());
    assertEquals("<p>안녕하세요</p>", m.html());
    assertEquals(id, m.messageId());
    assertEquals(
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", m.headers().get("traceparent"));
    assertFalse(m.headers().containsKey("authorization"));
  }

  @Test
  void withoutTheRightBearerKeyItIs401() throws Exception {
    String body = mail("owner@example.kr", FROM, "s", plainAndHtml("t"));
    assertEquals(401, post(null, body).statusCode());
    assertEquals(401, post("Bearer SG.other", body).statusCode());
    var r = post("Basic " + KEY, body);
    assertEquals(401, r.statusCode());
    assertTrue(firstError(r).path("message").asText().contains("authorization grant"));
    assertTrue(sendGrid.mails().isEmpty());
  }

  @Test
  void badShapesAre400WithTheField() throws Exception {
    var noSubject = post(mail("owner@example.kr", FROM, null, plainAndHtml("t")));
    assertEquals(400, noSubject.statusCode());
    assertEquals("subject", firstError(noSubject).path("field").asText());
    var badTo = post(mail("not-an-address", FROM, "s", plainAndHtml("t")));
    assertEquals(400, badTo.statusCode());
    assertEquals("personalizations.0.to.0.email", firstError(badTo).path("field").asText());
    var htmlFirst =
        post(
            mail(
                "owner@example.kr",
                FROM,
                "s",
                "[{\"type\":\"text/html\",\"value\":\"<p>t</p>\"},"
                    + "{\"type\":\"text/plain\",\"value\":\"t\"}]"));
    assertEquals(400, htmlFirst.statusCode());
    assertEquals("content.1.type", firstError(htmlFirst).path("field").asText());
    var noContent = post(mail("owner@example.kr", FROM, "s", "[]"));
    assertEquals("content", firstError(noContent).path("field").asText());
    assertEquals(400, post("{not json").statusCode());
    var noPersonalizations =
        post("{\"from\":{\"email\":\"" + FROM + "\"},\"subject\":\"s\",\"content\":[]}");
    assertEquals("personalizations", firstError(noPersonalizations).path("field").asText());
    assertTrue(sendGrid.mails().isEmpty());
  }

  @Test
  void anUnverifiedSenderIs403AndABodyTooLargeIs413() throws Exception {
    var r = post(mail("owner@example.kr", "someone@else.kr", "s", plainAndHtml("t")));
    assertEquals(403, r.statusCode());
    assertTrue(firstError(r).path("message").asText().contains("verified Sender Identity"));
    sendGrid.maxBodyBytes(100);
    assertEquals(
        413, post(mail("owner@example.kr", FROM, "s", plainAndHtml("x".repeat(200)))).statusCode());
    assertTrue(sendGrid.mails().isEmpty());
  }

  @Test
  void rateLimitsAndServerErrorsAreScriptedForTheNextRequest() throws Exception {
    Instant reset = Instant.now().plusSeconds(30);
    sendGrid.rateLimitNext(reset);
    String body = mail("owner@example.kr", FROM, "s", plainAndHtml("t"));
    var limited = post(body);
    assertEquals(429, limited.statusCode());
    assertEquals(
        String.valueOf(reset.getEpochSecond()),
        limited.headers().firstValue("X-RateLimit-Reset").orElseThrow());
    assertEquals("0", limited.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    sendGrid.serverErrorNext();
    assertEquals(500, post(body).statusCode());
    assertTrue(sendGrid.mails().isEmpty());
    assertEquals(202, post(body).statusCode());
  }

  @Test
  void acceptThenHangRecordsTheMailBeforeItAnswers() throws Exception {
    sendGrid.acceptThenHangNext(Duration.ofSeconds(2));
    String body = mail("owner@example.kr", FROM, "s", plainAndHtml("t"));
    CompletableFuture<HttpResponse<String>> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(body);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (sendGrid.mails().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, sendGrid.mails().size());
    assertFalse(answer.isDone());
    assertEquals(202, answer.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void downRefusesConnectionsAndUpListensOnTheSamePort() throws Exception {
    var uri = sendGrid.uri();
    String body = mail("owner@example.kr", FROM, "s", plainAndHtml("t"));
    sendGrid.down();
    assertThrows(IOException.class, () -> post(body));
    sendGrid.up();
    assertEquals(uri, sendGrid.uri());
    assertEquals(202, post(body).statusCode());
  }
}
