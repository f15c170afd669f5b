package dev.ordersync.sdk;

import static dev.ordersync.sdk.Fixtures.ORDER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Confirming payments, refunding and reading the settlement, over the wire. */
class PaymentsTest {
  private static final UUID ORDER = UUID.fromString(ORDER_ID);
  private static final String PAYMENT =
      "{\"id\":\"0192a1b2-0000-7000-8000-0000000000aa\",\"order_id\":\""
          + ORDER_ID
          + "\",\"payment_key\":\"tpk_1\","
          + "\"status\":\"DONE\",\"method\":\"카드\",\"amount\":18000,\"balance\":13000,"
          + "\"approved_at\":\"2026-11-24T03:00:05Z\"}";

  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void confirmSendsTheWindowsAnswerAndReadsThePaymentAndTheOrder() throws Exception {
    server.reply(
        200,
        "{\"status\":\"DONE\",\"payment\":"
            + PAYMENT
            + ",\"order\":"
            + Fixtures.placedOrder()
            + "}");
    PaymentConfirmation c =
        client.payments().confirm(new ConfirmPaymentRequest("tpk_1", ORDER, 18000));
    assertEquals("DONE", c.status());
    assertEquals(false, c.pending());
    assertEquals("카드", c.payment().method());
    assertNotNull(c.order());
    var sent = server.requests().getFirst();
    assertEquals("/api/v1/payments/confirm", sent.path());
    assertEquals(
        new ObjectMapper()
            .readTree(
                "{\"payment_key\":\"tpk_1\",\"order_id\":\"" + ORDER_ID + "\",\"amount\":18000}"),
        new ObjectMapper().readTree(sent.body()));
  }

  @Test
  void aTamperedAmountIsABusinessRefusalWithItsCode() {
    server.problem(422, "payment_amount_mismatch", "the amount does not match the order's total");
    var e =
        assertThrows(
            BusinessRuleException.class,
            () -> client.payments().confirm(new ConfirmPaymentRequest("tpk_1", ORDER, 100)));
    assertEquals("payment_amount_mismatch", e.code());
  }

  @Test
  void aRefundCarriesAnIdempotencyKeyAndItsAmount() throws Exception {
    server.reply(
        201,
        "{\"refund\":{\"id\":\"0192a1b2-0000-7000-8000-0000000000bb\",\"order_id\":\""
            + ORDER_ID
            + "\",\"amount\":5000,"
            + "\"reason\":\"cold\",\"refunded_at\":\"2026-11-24T04:00:00Z\"},\"payment\":"
            + PAYMENT
            + "}");
    RefundResult r = client.restaurantOrders().refund(ORDER, 5000L, "cold");
    assertEquals(5000, r.refund().amount());
    assertEquals(13000, r.payment().balance());
    var sent = server.requests().getFirst();
    assertEquals("/api/v1/restaurants/me/orders/" + ORDER_ID + "/refund", sent.path());
    assertNotNull(sent.header("Idempotency-Key"));
    assertEquals(
        new ObjectMapper().readTree("{\"amount\":5000,\"reason\":\"cold\"}"),
        new ObjectMapper().readTree(sent.body()));
  }

  @Test
  void theSettlementOfADay() {
    server.reply(
        200,
        "{\"date\":\"2026-11-24\",\"time_zone\":\"Asia/Seoul\",\"from\":\"2026-11-23T15:00:00Z\",\"to\":"
            + "\"2026-11-24T15:00:00Z\",\"gross\":36000,\"refunds\":1234,\"fee_rate\":\"0.034\",\"fee\":1224,\"net\":33542,"
            + "\"payment_count\":2,\"refund_count\":1,\"methods\":[{\"method\":\"카드\",\"payments\":2,\"gross\":36000,"
            + "\"refunds\":1,\"refunded\":1234}]}");
    Settlement s = client.restaurants().settlement(LocalDate.of(2026, 11, 24));
    assertEquals(33542, s.net());
    assertEquals(LocalDate.of(2026, 11, 24), s.date());
    assertEquals(1234, s.methods().getFirst().refunded());
    assertTrue(server.requests().getFirst().rawQuery().contains("date=2026-11-24"));
  }
}
