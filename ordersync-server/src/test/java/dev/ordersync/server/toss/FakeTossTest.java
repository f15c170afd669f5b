package dev.ordersync.server.toss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.payment.GatewayException;
import dev.ordersync.core.payment.GatewayPayment;
import dev.ordersync.core.shared.Won;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake Toss server keeps Toss's contract, seen through OrderSync's Toss adapter and through
 * plain HTTP.
 */
class FakeTossTest {
  private static final String KEY = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R";
  private final FakeToss toss = FakeToss.start(KEY);
  private final TossPaymentGateway gateway =
      new TossPaymentGateway(toss.uri(), KEY, Duration.ofSeconds(2));
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    toss.close();
  }

  @Test
  void aConfirmedPaymentIsDoneAndCanBeLookedUpBothWays() {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    GatewayPayment done = gateway.confirm("pk_1", "order-0001", Won.of(18000), "k1");
    assertEquals(GatewayPayment.Status.DONE, done.status());
    assertEquals(18000, done.balanceAmount());
    assertEquals("카드", done.method());
    assertTrue(done.approvedAt() != null);
    assertEquals(GatewayPayment.Status.DONE, gateway.lookUp("pk_1").orElseThrow().status());
    assertEquals("pk_1", gateway.lookUpByOrderId("order-0001").orElseThrow().paymentKey());
    assertTrue(gateway.lookUp("pk_unknown").isEmpty());
  }

  @Test
  void aSecondConfirmIsAlreadyProcessedAndAWrongAmountIsRefused() {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    var wrong =
        assertThrows(
            GatewayException.Declined.class,
            () -> gateway.confirm("pk_1", "order-0001", Won.of(100), "k0"));
    assertEquals(400, wrong.status());
    gateway.confirm("pk_1", "order-0001", Won.of(18000), "k1");
    var again =
        assertThrows(
            GatewayException.Declined.class,
            () -> gateway.confirm("pk_1", "order-0001", Won.of(18000), "k2"));
    assertEquals("ALREADY_PROCESSED_PAYMENT", again.code());
  }

  @Test
  void anOrderIdOutsideTossRulesIsRefused() {
    toss.authorize("pk_1", "abc", 1000, "카드");
    var e =
        assertThrows(
            GatewayException.Declined.class,
            () -> gateway.confirm("pk_1", "abc", Won.of(1000), "k1"));
    assertEquals("INVALID_REQUEST", e.code());
  }

  @Test
  void theSameIdempotencyKeyReplaysTheFirstAnswer() {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    GatewayPayment first = gateway.confirm("pk_1", "order-0001", Won.of(18000), "same");
    GatewayPayment replay = gateway.confirm("pk_1", "order-0001", Won.of(18000), "same");
    assertEquals(first, replay);
    assertEquals(1, toss.confirmCalls(), "a replay does not run the operation again");
  }

  @Test
  void aKeyStillInFlightIsAConflict() throws Exception {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    toss.delayNext("confirm", Duration.ofMillis(800));
    CompletableFuture<HttpResponse<String>> first = rawConfirm("slow", null);
    Thread.sleep(300);
    HttpResponse<String> second = rawConfirm("slow", null).get();
    assertEquals(409, second.statusCode());
    assertTrue(second.body().contains("IDEMPOTENT_REQUEST_PROCESSING"));
    assertEquals(200, first.get().statusCode());
  }

  @Test
  void theTestCodeHeaderForcesAnError() throws Exception {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    HttpResponse<String> rejected = rawConfirm("k1", "REJECT_CARD_PAYMENT").get();
    assertEquals(403, rejected.statusCode());
    assertTrue(rejected.body().contains("\"code\":\"REJECT_CARD_PAYMENT\""));
    HttpResponse<String> failed = rawConfirm("k2", "FAILED_INTERNAL_SYSTEM_PROCESSING").get();
    assertEquals(500, failed.statusCode());
    assertEquals(
        "IN_PROGRESS", toss.payment("pk_1").path("status").asText(), "nothing was approved");
  }

  @Test
  void aWrongSecretKeyIsUnauthorized() {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    var other = new TossPaymentGateway(toss.uri(), "test_sk_other", Duration.ofSeconds(2));
    var e =
        assertThrows(
            GatewayException.Declined.class,
            () -> other.confirm("pk_1", "order-0001", Won.of(18000), "k"));
    assertEquals("UNAUTHORIZED_KEY", e.code());
    assertEquals(401, e.status());
  }

  @Test
  void cancelsLowerTheBalanceUntilNothingIsLeft() {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    gateway.confirm("pk_1", "order-0001", Won.of(18000), "k1");
    GatewayPayment part = gateway.cancel("pk_1", "cold soup", Won.of(5000), "c1");
    assertEquals(GatewayPayment.Status.PARTIAL_CANCELED, part.status());
    assertEquals(13000, part.balanceAmount());
    assertEquals(1, part.cancels().size());
    var tooMuch =
        assertThrows(
            GatewayException.Declined.class,
            () -> gateway.cancel("pk_1", "more", Won.of(13001), "c2"));
    assertEquals("NOT_CANCELABLE_AMOUNT", tooMuch.code());
    assertEquals(403, tooMuch.status());
    GatewayPayment rest = gateway.cancel("pk_1", "the rest", null, "c3");
    assertEquals(GatewayPayment.Status.CANCELED, rest.status());
    assertEquals(0, rest.balanceAmount());
    assertEquals(2, rest.cancels().size());
  }

  @Test
  void scriptedFailuresAndTimeOutsReachTheAdapterAsTypedErrors() {
    toss.authorize("pk_1", "order-0001", 18000, "카드");
    toss.failNext("confirm", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    var failed =
        assertThrows(
            GatewayException.Unavailable.class,
            () -> gateway.confirm("pk_1", "order-0001", Won.of(18000), "k1"));
    assertFalse(failed.outcomeUnknown(), "Toss answered");
    assertEquals("FAILED_INTERNAL_SYSTEM_PROCESSING", failed.code());
    var quick = new TossPaymentGateway(toss.uri(), KEY, Duration.ofMillis(300));
    toss.delayNext("confirm", Duration.ofMillis(1500));
    var timedOut =
        assertThrows(
            GatewayException.Unavailable.class,
            () -> quick.confirm("pk_1", "order-0001", Won.of(18000), "k2"));
    assertTrue(timedOut.outcomeUnknown());
    assertEquals(
        GatewayPayment.Status.DONE,
        gateway.lookUp("pk_1").orElseThrow().status(),
        "carried out all the same");
  }

  private CompletableFuture<HttpResponse<String>> rawConfirm(String key, String testCode) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(toss.uri() + "/v1/payments/confirm"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"paymentKey\":\"pk_1\",\"orderId\":\"order-0001\",\"amount\":18000}"));
    if (testCode != null) {
      b.header("TossPayments-Test-Code", testCode);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
