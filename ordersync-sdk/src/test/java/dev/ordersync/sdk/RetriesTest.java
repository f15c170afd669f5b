package dev.ordersync.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries happen only where sending twice cannot do the work twice, and a retried order keeps its
 * key.
 */
class RetriesTest {
  private static final UUID ORDER = UUID.randomUUID();

  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  private static PlaceOrderRequest anOrder() {
    return PlaceOrderRequest.builder(UUID.randomUUID(), Fulfillment.TAKEOUT)
        .item(UUID.randomUUID(), 1)
        .build();
  }

  @Test
  void placingAnOrderRetriesA503WithTheSameIdempotencyKeyThenSucceeds() {
    server
        .problem(503, "dependency_down", "database unavailable")
        .reply(201, Fixtures.placedOrder());

    Order order = client.orders().place(anOrder());

    assertEquals(OrderStatus.PLACED, order.status());
    var sent = server.requests();
    assertEquals(2, sent.size());
    String key = sent.get(0).header("Idempotency-Key");
    assertEquals(
        key,
        sent.get(1).header("Idempotency-Key"),
        "the retry must be recognisable as the same order");
    assertEquals(
        sent.get(0).header("Idempotency-Secret"),
        sent.get(1).header("Idempotency-Secret"),
        "and show the secret that gets an anonymous order back");
    assertEquals(sent.get(0).body(), sent.get(1).body());
  }

  @Test
  void retriesStopAfterMaxRetries() {
    server
        .problem(502, "bad_gateway", "x")
        .problem(503, "dependency_down", "x")
        .problem(504, "gateway_timeout", "x");
    var e = assertThrows(ApiException.class, () -> client.orders().place(anOrder()));
    assertEquals(504, e.status(), "the last answer is the one reported");
    assertEquals(3, server.requests().size(), "one try and two retries");
  }

  @Test
  void maxRetriesZeroMeansOneTry() {
    server.problem(503, "dependency_down", "x");
    OrderSyncClient once = server.client().maxRetries(0).build();
    assertThrows(ApiException.class, () -> once.orders().place(anOrder()));
    assertEquals(1, server.requests().size());
  }

  @Test
  void a422IsNotRetried() {
    server.problem(422, "restaurant_paused", "not taking orders");
    var e = assertThrows(BusinessRuleException.class, () -> client.orders().place(anOrder()));
    assertEquals("restaurant_paused", e.code());
    assertEquals(1, server.requests().size());
  }

  @Test
  void aKeyStillInUseIsRetriedUntilTheFirstAttemptAnswers() {
    server
        .problem(409, "idempotency_key_in_use", "a request with this key is in flight")
        .reply(201, Fixtures.placedOrder());
    client.orders().place(anOrder(), RequestOptions.idempotencyKey("cart-1"));
    assertEquals(2, server.requests().size());
    server.requests().forEach(r -> assertEquals("cart-1", r.header("Idempotency-Key")));
  }

  @Test
  void otherConflictsAreNotRetried() {
    server.problem(409, "out_of_stock", "sold out");
    assertThrows(ConflictException.class, () -> client.orders().place(anOrder()));
    assertEquals(1, server.requests().size());
  }

  @Test
  void aStepWithoutAKeyIsNeverRetriedOnA503BecauseItMayHaveHappened() {
    server.problem(503, "dependency_down", "x");
    assertThrows(ApiException.class, () -> client.restaurantOrders().start(ORDER));
    assertEquals(1, server.requests().size());
  }

  @Test
  void aStepWithAKeyOfTheCallersIsRetried() {
    server.problem(503, "dependency_down", "x").reply(200, Fixtures.order("PREPARING", 3));
    client.restaurantOrders().start(ORDER, RequestOptions.idempotencyKey("start-" + ORDER));
    assertEquals(2, server.requests().size());
  }

  @Test
  void aReadIsRetried() {
    server.problem(502, "bad_gateway", "x").reply(200, Fixtures.placedOrder());
    assertEquals(OrderStatus.PLACED, client.orders().get(ORDER).status());
    assertEquals(2, server.requests().size());
  }

  @Test
  void aPostWithoutAKeyIsNotRetriedWhenTheConnectionBreaksAfterSending() {
    server.hangUp().reply(200, Fixtures.order("PREPARING", 3));
    var e = assertThrows(ConnectionException.class, () -> client.restaurantOrders().start(ORDER));
    assertEquals(
        1,
        server.requests().size(),
        "the server may have started the order; only the caller can tell");
    assertEquals(0, e.status());
  }

  @Test
  void placingAnOrderIsRetriedWithTheSameKeyWhenTheConnectionBreaks() {
    server.hangUp().reply(201, Fixtures.placedOrder());
    client.orders().place(anOrder());
    var sent = server.requests();
    assertEquals(2, sent.size());
    assertEquals(sent.get(0).header("Idempotency-Key"), sent.get(1).header("Idempotency-Key"));
  }

  @Test
  void evenAPostWithoutAKeyIsRetriedWhenTheConnectionWasRefused() throws Exception {
    java.net.URI nobody;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      nobody = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    OrderSyncClient offline =
        OrderSyncClient.builder()
            .baseUri(nobody)
            .retryDelays(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2))
            .build();
    var e = assertThrows(ConnectionException.class, () -> offline.restaurantOrders().start(ORDER));
    assertEquals(
        true,
        e.getMessage().contains("(3 attempts)"),
        "nothing was sent, so retrying is safe: " + e.getMessage());
  }

  @Test
  void aLongRetryAfterIsLeftToTheCaller() {
    server.problem(503, "dependency_down", "maintenance", "Retry-After", "120");
    var e = assertThrows(ApiException.class, () -> client.orders().get(ORDER));
    assertEquals(503, e.status());
    assertEquals(1, server.requests().size(), "two minutes is too long to block a caller for");
  }

  @Test
  void aShortRetryAfterIsWaitedFor() {
    server
        .problem(503, "dependency_down", "x", "Retry-After", "1")
        .reply(200, Fixtures.placedOrder());
    long start = System.nanoTime();
    client.orders().get(ORDER);
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(2, server.requests().size());
    assertEquals(true, waitedMillis >= 900, "waited " + waitedMillis + " ms");
  }

  @Test
  void aRateLimitIsNotRetriedAutomatically() {
    server.problem(429, "rate_limited", "slow down", "Retry-After", "1");
    assertThrows(RateLimitException.class, () -> client.orders().get(ORDER));
    assertEquals(1, server.requests().size());
  }
}
