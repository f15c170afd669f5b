package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.toss.FakeToss;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paying online through Toss, end to end: the server runs against the fake Toss server, a customer
 * pays (and retries, and tampers with the amount), Toss fails and times out, webhooks come early
 * and late, the owner refunds, and the day's settlement adds up to the won.
 */
class PaymentsOverHttpTest {
  static final String KEY = "test_sk_ordersync_payments";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
              Map.of(
                  "ORDERSYNC_TOSS_TIMEOUT", "PT1S",
                  "ORDERSYNC_PAYMENT_TIMEOUT", "PT3S",
                  "ORDERSYNC_PAYMENT_SWEEP_INTERVAL", "PT0.5S"))
          .withFakeToss(KEY);

  static final Api api = server.api();
  static final Scenario scenario = server.scenario();
  static FakeToss toss;
  static Scenario.Owner owner;
  static String item;
  static String admin;

  @BeforeAll
  static void anOnlineRestaurantAndAnAuditor() {
    toss = server.toss();
    owner = scenario.anOwnerWithARestaurant("Toss Kitchen");
    Api.Response online =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"payment_mode\":\"ONLINE\"}",
            owner.token(),
            null,
            null);
    assertEquals(200, online.status(), online::toString);
    item = scenario.anItem(owner, "Bibimbap", 9000, 100);
    String email = "auditor-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(email, "Auditor", "auditor password long"));
    admin =
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"auditor password long\"}",
                null)
            .text("access_token");
  }

  record Unpaid(String id, String token, long total) {}

  static Unpaid anUnpaidOrder(int quantity) {
    Api.Response r = scenario.anAnonymousOrder(owner.restaurantId(), item, quantity);
    assertEquals("AWAITING_PAYMENT", r.text("status"), r::toString);
    return new Unpaid(r.text("id"), r.text("order_token"), r.json().path("total").asLong());
  }

  static Api.Response confirm(Unpaid o, String paymentKey, long amount) {
    return api.post(
        "/api/v1/payments/confirm",
        "{\"payment_key\":\""
            + paymentKey
            + "\",\"order_id\":\""
            + o.id()
            + "\",\"amount\":"
            + amount
            + "}",
        o.token());
  }

  static String key() {
    return "tpk_" + UUID.randomUUID().toString().replace("-", "");
  }

  static List<String> board() {
    Api.Response r = api.get("/api/v1/restaurants/me/orders?limit=200", owner.token());
    assertEquals(200, r.status(), r::toString);
    List<String> ids = new ArrayList<>();
    r.json().path("data").forEach(o -> ids.add(o.path("id").asText()));
    return ids;
  }

  @Test
  void aPaidOrderReachesTheRestaurantAndNotBefore() {
    Unpaid o = anUnpaidOrder(2);
    assertFalse(board().contains(o.id()), "the kitchen does not see an unpaid order");
    assertEquals(404, api.get("/api/v1/orders/" + o.id(), owner.token()).status());
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    Api.Response paid = confirm(o, pk, o.total());
    assertEquals(200, paid.status(), paid::toString);
    assertEquals("DONE", paid.text("status"));
    assertEquals("PLACED", paid.json().path("order").path("status").asText());
    assertEquals(18000, paid.json().path("payment").path("amount").asLong());
    assertEquals("카드", paid.json().path("payment").path("method").asText());
    assertFalse(
        paid.raw().body().contains("4330"), "no card number ever comes back from OrderSync");
    assertTrue(board().contains(o.id()));
    assertTrue(
        toss.requests().stream()
            .anyMatch(r -> r.startsWith("POST /v1/payments/confirm confirm-" + pk)));
  }

  @Test
  void withoutATokenThePaymentKeyIsTheCredentialIfTossTiesItToTheOrder() {
    Unpaid o = anUnpaidOrder(1);
    Unpaid other = anUnpaidOrder(1);
    String theirs = key();
    toss.authorize(theirs, other.id(), other.total(), "카드");
    String body =
        "{\"payment_key\":\""
            + theirs
            + "\",\"order_id\":\""
            + o.id()
            + "\",\"amount\":"
            + o.total()
            + "}";
    Api.Response refused = api.post("/api/v1/payments/confirm", body, null);
    assertEquals(401, refused.status(), refused::toString);
    assertEquals(
        "AWAITING_PAYMENT", api.get("/api/v1/orders/" + other.id(), other.token()).text("status"));
    String mine = key();
    toss.authorize(mine, o.id(), o.total(), "카드");
    Api.Response paid =
        api.post(
            "/api/v1/payments/confirm",
            "{\"payment_key\":\""
                + mine
                + "\",\"order_id\":\""
                + o.id()
                + "\",\"amount\":"
                + o.total()
                + "}",
            null);
    assertEquals(200, paid.status(), paid::toString);
    assertEquals("PLACED", paid.json().path("order").path("status").asText());
  }

  @Test
  void aTamperedAmountIsRefusedAuditedAndNeverSentToToss() throws Exception {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), 100, "카드");
    int before = toss.confirmCalls();
    Api.Response r = confirm(o, pk, 100);
    assertEquals(422, r.status(), r::toString);
    assertEquals("payment_amount_mismatch", r.code());
    assertEquals(9000, r.json().path("total").asLong());
    assertEquals(before, toss.confirmCalls());
    server.sealAuditNow();
    Api.Response audit =
        api.get(
            "/api/v1/admin/audit?entity_type=order&entity_id="
                + o.id()
                + "&action=PAYMENT_AMOUNT_MISMATCH",
            admin);
    assertEquals(200, audit.status(), audit::toString);
    assertEquals(1, audit.json().path("data").size(), audit::toString);
    assertEquals("AWAITING_PAYMENT", api.get("/api/v1/orders/" + o.id(), o.token()).text("status"));
  }

  @Test
  void aRejectedCardIsAnsweredWithTossCodeAndTheCustomerCanPayAgain() {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    toss.failNext("confirm", "REJECT_CARD_PAYMENT");
    Api.Response r = confirm(o, pk, o.total());
    assertEquals(422, r.status(), r::toString);
    assertEquals("payment_declined", r.code());
    assertEquals("REJECT_CARD_PAYMENT", r.text("gateway_code"));
    String second = key();
    toss.authorize(second, o.id(), o.total(), "간편결제");
    assertEquals(200, confirm(o, second, o.total()).status());
  }

  @Test
  void tossFailingIs503WithRetryAfterAndARetryPays() {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    toss.failNext("confirm", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    Api.Response r = confirm(o, pk, o.total());
    assertEquals(503, r.status(), r::toString);
    assertEquals("payment_gateway_unavailable", r.code());
    assertNotNull(r.header("Retry-After"));
    assertEquals("AWAITING_PAYMENT", api.get("/api/v1/orders/" + o.id(), o.token()).text("status"));
    Api.Response again = confirm(o, pk, o.total());
    assertEquals(200, again.status(), again::toString);
  }

  @Test
  void aTimedOutConfirmIsPendingThenSettledByALookUp() throws Exception {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    toss.delayNext("confirm", Duration.ofMillis(2500));
    toss.failNext("lookup", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    toss.failNext("lookup", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    toss.failNext("lookup", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    Api.Response r = confirm(o, pk, o.total());
    assertEquals(202, r.status(), r::toString);
    assertEquals("CONFIRMING", r.text("status"));
    assertEquals(
        "AWAITING_PAYMENT",
        r.json().path("order").path("status").asText(),
        "neither paid nor failed");
    Thread.sleep(1600);
    int confirms = toss.confirmCalls();
    Api.Response retried = confirm(o, pk, o.total());
    assertEquals(200, retried.status(), retried::toString);
    assertEquals("PLACED", retried.json().path("order").path("status").asText());
    assertEquals(
        confirms,
        toss.confirmCalls(),
        "the retry looked the payment up instead of confirming again");
  }

  @Test
  void aTimedOutConfirmIsSettledByTheSweepWithoutARetry() throws Exception {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    toss.delayNext("confirm", Duration.ofMillis(2500));
    toss.failNext("lookup", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    toss.failNext("lookup", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    toss.failNext("lookup", "FAILED_INTERNAL_SYSTEM_PROCESSING");
    Api.Response r = confirm(o, pk, o.total());
    assertEquals(202, r.status(), r::toString);
    long deadline = System.nanoTime() + 10_000_000_000L;
    String status = "AWAITING_PAYMENT";
    while (System.nanoTime() < deadline && status.equals("AWAITING_PAYMENT")) {
      Thread.sleep(200);
      status = api.get("/api/v1/orders/" + o.id(), o.token()).text("status");
    }
    assertEquals("PLACED", status, "a look-up by the sweep found it paid");
    assertEquals("DONE", paymentStatus(o.id()));
  }

  static String paymentStatus(String orderId) {
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT status FROM payments WHERE order_id = '" + orderId + "'")) {
      rs.next();
      return rs.getString(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDoubleTapEndsInOnePaidOrderAndOnePayment() throws Exception {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Api.Response>> taps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        taps.add(pool.submit((Callable<Api.Response>) () -> confirm(o, pk, o.total())));
      }
      for (Future<Api.Response> tap : taps) {
        Api.Response r = tap.get();
        assertEquals(200, r.status(), r::toString);
        assertEquals("PLACED", r.json().path("order").path("status").asText());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = '" + o.id() + "'"));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM order_events WHERE order_id = '"
                + o.id()
                + "' AND type = 'order.paid'"));
  }

  @Test
  void aWebhookBeforeTheConfirmPlacesTheOrderAndTheConfirmAgrees() {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    // Toss approved (someone confirmed it), and its webhook arrives before OrderSync's own confirm.
    new dev.ordersync.server.toss.TossPaymentGateway(toss.uri(), KEY, Duration.ofSeconds(2))
        .confirm(pk, o.id(), dev.ordersync.core.shared.Won.of(o.total()), "elsewhere");
    assertEquals(200, toss.sendWebhook(webhook(), pk));
    assertEquals("PLACED", api.get("/api/v1/orders/" + o.id(), o.token()).text("status"));
    Api.Response late = confirm(o, pk, o.total());
    assertEquals(200, late.status(), late::toString);
    assertEquals(200, toss.sendWebhook(webhook(), pk), "and again, as Toss retries");
    assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = '" + o.id() + "'"));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM order_events WHERE order_id = '"
                + o.id()
                + "' AND type = 'order.paid'"));
  }

  @Test
  void aForgedWebhookChangesNothing() {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    String forged =
        "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"createdAt\":\"2026-11-24T12:00:00+09:00\",\"data\":{\"paymentKey\":\""
            + pk
            + "\",\"orderId\":\""
            + o.id()
            + "\",\"status\":\"DONE\",\"totalAmount\":"
            + o.total()
            + "}}";
    assertEquals(200, toss.sendRawWebhook(webhook(), forged));
    assertEquals(
        "AWAITING_PAYMENT",
        api.get("/api/v1/orders/" + o.id(), o.token()).text("status"),
        "Toss says the payment is not approved, whatever the body claimed");
  }

  @Test
  void partialRefundsUpToTheTotalThenOneWonMoreIsRefused() {
    Unpaid o = anUnpaidOrder(3);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    assertEquals(200, confirm(o, pk, o.total()).status());
    String path = "/api/v1/restaurants/me/orders/" + o.id() + "/refund";
    Api.Response first =
        api.post(path, "{\"amount\":10000,\"reason\":\"missing side\"}", owner.token(), "r-1");
    assertEquals(201, first.status(), first::toString);
    assertEquals(17000, first.json().path("payment").path("balance").asLong());
    Api.Response replay =
        api.post(path, "{\"amount\":10000,\"reason\":\"missing side\"}", owner.token(), "r-1");
    assertEquals(200, replay.status(), replay::toString);
    assertEquals("true", replay.header("Idempotent-Replayed"));
    Api.Response rest = api.post(path, "{\"amount\":17000,\"reason\":\"cold\"}", owner.token());
    assertEquals(201, rest.status(), rest::toString);
    assertEquals("CANCELED", rest.json().path("payment").path("status").asText());
    Api.Response beyond = api.post(path, "{\"amount\":1,\"reason\":\"again\"}", owner.token());
    assertEquals(422, beyond.status(), beyond::toString);
    assertEquals("refund_exceeds_balance", beyond.code());
    assertEquals(0, toss.payment(pk).path("balanceAmount").asLong());
    assertEquals(2, toss.payment(pk).path("cancels").size(), "one Toss cancel per refund");
    assertEquals(2, count("SELECT count(*) FROM refunds WHERE order_id = '" + o.id() + "'"));
    assertEquals(
        2,
        count(
            "SELECT count(*) FROM order_events WHERE order_id = '"
                + o.id()
                + "' AND type = 'order.refunded'"),
        "live viewers hear of each refund");
  }

  @Test
  void aTimedOutRefundSentAgainWithoutAKeyRefundsOnceAndADeliberateSecondOneStillGoesThrough()
      throws Exception {
    Unpaid o = anUnpaidOrder(2);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    assertEquals(200, confirm(o, pk, o.total()).status());
    String path = "/api/v1/restaurants/me/orders/" + o.id() + "/refund";
    String body = "{\"amount\":1000,\"reason\":\"cold soup\"}";
    toss.delayNext(
        "cancel", Duration.ofMillis(2500)); // carried out at Toss, answered after our 1 s timeout
    Api.Response first = api.post(path, body, owner.token());
    assertEquals(503, first.status(), first::toString);
    Thread.sleep(1800); // Toss has finished the first cancel meanwhile
    assertEquals(1, toss.payment(pk).path("cancels").size(), "the first refund did happen at Toss");

    Api.Response again = api.post(path, body, owner.token());
    assertEquals(201, again.status(), again::toString);
    assertEquals(o.total() - 1000, again.json().path("payment").path("balance").asLong());
    assertEquals(
        1,
        toss.payment(pk).path("cancels").size(),
        "sent again by hand, it did not refund a second time");
    assertEquals(o.total() - 1000, toss.payment(pk).path("balanceAmount").asLong());
    assertEquals(1, count("SELECT count(*) FROM refunds WHERE order_id = '" + o.id() + "'"));

    Api.Response second = api.post(path, body, owner.token());
    assertEquals(201, second.status(), second::toString);
    assertEquals(o.total() - 2000, second.json().path("payment").path("balance").asLong());
    assertEquals(
        2,
        toss.payment(pk).path("cancels").size(),
        "a second refund asked for after the first is recorded");
  }

  @Test
  void onlyTheOwnerRefunds() {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    assertEquals(200, confirm(o, pk, o.total()).status());
    String path = "/api/v1/restaurants/me/orders/" + o.id() + "/refund";
    assertEquals(401, api.post(path, "{\"reason\":\"x\"}", o.token()).status());
    Scenario.Owner rival = scenario.anOwnerWithARestaurant("Rival");
    assertEquals(404, api.post(path, "{\"reason\":\"x\"}", rival.token()).status());
  }

  @Test
  void theRestaurantCancelingAPaidOrderRefundsIt() {
    Unpaid o = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, o.id(), o.total(), "카드");
    assertEquals(200, confirm(o, pk, o.total()).status());
    String base = "/api/v1/restaurants/me/orders/" + o.id();
    assertEquals(200, api.post(base + "/accept", "{}", owner.token()).status());
    Api.Response canceled =
        api.post(base + "/cancel", "{\"reason\":\"out of rice\"}", owner.token());
    assertEquals(200, canceled.status(), canceled::toString);
    assertEquals("CANCELED", toss.payment(pk).path("status").asText());
    assertEquals(0, count("SELECT balance FROM payments WHERE order_id = '" + o.id() + "'"));
  }

  @Test
  void anUnpaidOrderExpiresAndOnePaidButUnconfirmedDoesNot() throws Exception {
    Unpaid unpaid = anUnpaidOrder(1);
    Unpaid lost = anUnpaidOrder(1);
    String pk = key();
    toss.authorize(pk, lost.id(), lost.total(), "카드");
    new dev.ordersync.server.toss.TossPaymentGateway(toss.uri(), KEY, Duration.ofSeconds(2))
        .confirm(pk, lost.id(), dev.ordersync.core.shared.Won.of(lost.total()), "response-lost");
    long deadline = System.nanoTime() + 10_000_000_000L;
    // One sweep takes them one after the other (oldest first): wait for both.
    while (System.nanoTime() < deadline
        && (api.get("/api/v1/orders/" + unpaid.id(), unpaid.token())
                .text("status")
                .equals("AWAITING_PAYMENT")
            || api.get("/api/v1/orders/" + lost.id(), lost.token())
                .text("status")
                .equals("AWAITING_PAYMENT"))) {
      Thread.sleep(200);
    }
    assertEquals(
        "EXPIRED", api.get("/api/v1/orders/" + unpaid.id(), unpaid.token()).text("status"));
    assertEquals("PLACED", api.get("/api/v1/orders/" + lost.id(), lost.token()).text("status"));
    String late = key();
    toss.authorize(late, unpaid.id(), unpaid.total(), "카드");
    Api.Response tooLate = confirm(unpaid, late, unpaid.total());
    assertEquals(409, tooLate.status(), tooLate::toString);
  }

  @Test
  void theSettlementMatchesThePaymentRecordsToTheWon() throws Exception {
    Scenario.Owner own = scenario.anOwnerWithARestaurant("Settled");
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"payment_mode\":\"ONLINE\"}",
                own.token(),
                null,
                null)
            .status());
    String dish = scenario.anItem(own, "Japchae", 12345, null);
    long[] paid = new long[3];
    String[] methods = {"카드", "카드", "간편결제"};
    String firstOrder = null;
    for (int i = 0; i < 3; i++) {
      Api.Response r = scenario.anAnonymousOrder(own.restaurantId(), dish, i + 1);
      Unpaid o = new Unpaid(r.text("id"), r.text("order_token"), r.json().path("total").asLong());
      String pk = key();
      toss.authorize(pk, o.id(), o.total(), methods[i]);
      assertEquals(200, confirm(o, pk, o.total()).status());
      paid[i] = o.total();
      if (i == 0) {
        firstOrder = o.id();
      }
    }
    Api.Response refunded =
        api.post(
            "/api/v1/restaurants/me/orders/" + firstOrder + "/refund",
            "{\"amount\":345,\"reason\":\"late\"}",
            own.token());
    assertEquals(201, refunded.status(), refunded::toString);
    String today = LocalDate.now(ZoneId.of("Asia/Seoul")).toString();
    Api.Response s = api.get("/api/v1/restaurants/me/settlements?date=" + today, own.token());
    assertEquals(200, s.status(), s::toString);
    JsonNode j = s.json();
    long gross = paid[0] + paid[1] + paid[2];
    assertEquals(gross, j.path("gross").asLong());
    assertEquals(
        gross,
        count(
            "SELECT sum(amount) FROM payments WHERE restaurant_id = '" + own.restaurantId() + "'"));
    assertEquals(345, j.path("refunds").asLong());
    long fee =
        new java.math.BigDecimal(gross)
            .multiply(new java.math.BigDecimal("0.034"))
            .setScale(0, java.math.RoundingMode.HALF_UP)
            .longValueExact();
    assertEquals(fee, j.path("fee").asLong());
    assertEquals(gross - 345 - fee, j.path("net").asLong());
    assertEquals(3, j.path("payment_count").asInt());
    assertEquals(2, j.path("methods").size());
    assertEquals(
        403, api.get("/api/v1/restaurants/me/settlements?date=" + today, customerToken()).status());
    assertEquals(
        400, api.get("/api/v1/restaurants/me/settlements?date=yesterday", own.token()).status());
  }

  @Test
  void aRangeOfDaysIsEachDaySettledAsTheOneDayAnswerSettlesIt() {
    Scenario.Owner own = scenario.anOwnerWithARestaurant("Charted");
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"payment_mode\":\"ONLINE\"}",
                own.token(),
                null,
                null)
            .status());
    String dish = scenario.anItem(own, "Galbi", 23456, null);
    for (int i = 0; i < 2; i++) {
      Api.Response r = scenario.anAnonymousOrder(own.restaurantId(), dish, i + 1);
      Unpaid o = new Unpaid(r.text("id"), r.text("order_token"), r.json().path("total").asLong());
      String pk = key();
      toss.authorize(pk, o.id(), o.total(), "카드");
      assertEquals(200, confirm(o, pk, o.total()).status());
    }
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    Api.Response one = api.get("/api/v1/restaurants/me/settlements?date=" + today, own.token());
    assertEquals(200, one.status(), one::toString);
    assertTrue(one.json().path("gross").asLong() > 0, one::toString);

    Api.Response range =
        api.get(
            "/api/v1/restaurants/me/settlements?from=" + today.minusDays(2) + "&to=" + today,
            own.token());
    assertEquals(200, range.status(), range::toString);
    JsonNode days = range.json().path("days");
    assertEquals(3, days.size(), range::toString);
    assertEquals("Asia/Seoul", range.json().path("time_zone").asText());
    for (int i = 0; i < 2; i++) {
      assertEquals(today.minusDays(2 - i).toString(), days.get(i).path("date").asText());
      assertEquals(0, days.get(i).path("gross").asLong());
      assertEquals(0, days.get(i).path("net").asLong());
    }
    assertEquals(one.json(), days.get(2), "the last day is the one-day answer");

    assertEquals(
        200,
        api.get(
                "/api/v1/restaurants/me/settlements?from=" + today.minusDays(61) + "&to=" + today,
                own.token())
            .status());
    Api.Response tooLong =
        api.get(
            "/api/v1/restaurants/me/settlements?from=" + today.minusDays(62) + "&to=" + today,
            own.token());
    assertEquals(422, tooLong.status(), tooLong::toString);
    assertEquals("invalid_range", tooLong.code());
    Api.Response reversed =
        api.get(
            "/api/v1/restaurants/me/settlements?from=" + today + "&to=" + today.minusDays(1),
            own.token());
    assertEquals(422, reversed.status(), reversed::toString);
    assertEquals(
        400, api.get("/api/v1/restaurants/me/settlements?from=" + today, own.token()).status());
    assertEquals(
        400,
        api.get("/api/v1/restaurants/me/settlements?from=x&to=" + today, own.token()).status());
    assertEquals(
        403,
        api.get("/api/v1/restaurants/me/settlements?from=" + today + "&to=x", customerToken())
            .status(),
        "authorisation before validation");
  }

  @Test
  void theKitchensLiveFeedHearsOfAnOrderOnlyWhenItIsPaid() {
    Scenario.Owner own = scenario.anOwnerWithARestaurant("Live");
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"payment_mode\":\"ONLINE\"}",
                own.token(),
                null,
                null)
            .status());
    String dish = scenario.anItem(own, "Mandu", 7000, null);
    try (dev.ordersync.server.LiveClient feed =
        dev.ordersync.server.LiveClient.connect(
            server.port(), "/ws/restaurants/me/orders?access_token=" + own.token())) {
      JsonNode snapshot = feed.next();
      assertEquals("snapshot", snapshot.path("type").asText());
      long at = snapshot.path("feed_seq").asLong();
      Api.Response r = scenario.anAnonymousOrder(own.restaurantId(), dish, 1);
      Unpaid o = new Unpaid(r.text("id"), r.text("order_token"), r.json().path("total").asLong());
      assertEquals(null, feed.poll(500), "nothing about an unpaid order");
      String pk = key();
      toss.authorize(pk, o.id(), o.total(), "카드");
      assertEquals(200, confirm(o, pk, o.total()).status());
      JsonNode paid = feed.next();
      assertEquals("order.paid", paid.path("type").asText(), paid::toString);
      assertEquals(o.id(), paid.path("order").path("id").asText());
      assertEquals("PLACED", paid.path("order").path("status").asText());
      assertEquals(at + 1, paid.path("feed_seq").asLong(), "the feed stays gapless");
    }
  }

  @Test
  void payAtTheCounterOrdersStartPlaced() {
    Scenario.Owner counter = scenario.anOwnerWithARestaurant("Counter");
    String dish = scenario.anItem(counter, "Kimbap", 4000, null);
    assertEquals(
        "PLACED", scenario.anAnonymousOrder(counter.restaurantId(), dish, 1).text("status"));
  }

  static String customerToken() {
    String email = "c-" + UUID.randomUUID() + "@example.kr";
    scenario.register(email, "CUSTOMER");
    return scenario.login(email);
  }

  static URI webhook() {
    return URI.create("http://127.0.0.1:" + server.port() + "/api/v1/webhooks/toss");
  }

  static long count(String sql) {
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
