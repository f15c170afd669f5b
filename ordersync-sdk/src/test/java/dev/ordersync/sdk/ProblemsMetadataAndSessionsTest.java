package dev.ordersync.sdk;

import static dev.ordersync.sdk.Fixtures.ORDER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProblemsMetadataAndSessionsTest {
  private static final UUID ORDER = UUID.fromString(ORDER_ID);
  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  private static String tokens(String access, String refresh, long expiresIn) {
    return """
        {"access_token":"%s","refresh_token":"%s","token_type":"Bearer","expires_in":%d,"restaurant_id":null}"""
        .formatted(access, refresh, expiresIn);
  }

  @Test
  void everyProblemMemberIsReachable() {
    server.raw(
        422,
        "application/problem+json",
        """
        {"type":"https://ordersync.dev/problems/restaurant-closed","title":"Unprocessable Content","status":422,
         "detail":"closed now","code":"restaurant_closed","request_id":"body-req",
         "next_opening_at":"2026-11-25T09:00:00Z","gateway_code":"REJECT_CARD_PAYMENT","balance":1500,
         "errors":[{"field":"items[0].options","message":"Size: choose exactly 1 (chosen 0)"}],
         "something_new":{"nested":[1,2]}}""");
    var e = assertThrows(BusinessRuleException.class, () -> client.orders().get(ORDER));
    assertEquals(Instant.parse("2026-11-25T09:00:00Z"), e.nextOpeningAt().orElseThrow());
    assertEquals("REJECT_CARD_PAYMENT", e.gatewayCode().orElseThrow());
    assertEquals(1500L, e.problem().extensionLong("balance").orElseThrow());
    assertEquals(Map.of("nested", List.of(1, 2)), e.problem().extension("something_new").get());
    assertEquals("body-req", e.requestId());
    assertEquals("Unprocessable Content", e.title());
    assertEquals("https://ordersync.dev/problems/restaurant-closed", e.type());
    assertEquals(
        List.of(new FieldError("items[0].options", "Size: choose exactly 1 (chosen 0)")),
        e.errors());
    assertEquals(422, e.metadata().status());
    assertFalse(e.problem().extensions().containsKey("code"));
  }

  @Test
  void integratorsCanMakeEveryErrorAndSwitchOverThem() {
    List<OrderSyncException> all =
        List.of(
            new InvalidRequestException(Problem.of(400, "malformed_json", "bad")),
            new AuthenticationException(Problem.of(401, "invalid_token", "expired")),
            new PermissionException(Problem.of(403, "forbidden", "no")),
            new NotFoundException(Problem.of(404, "not_found", "no such order")),
            new ConflictException(Problem.of(409, "version_conflict", "stale")),
            new BusinessRuleException(
                Problem.of(422, "restaurant_closed", "closed")
                    .withExtension("next_opening_at", "2026-11-25T09:00:00Z")),
            new RateLimitException(
                Problem.of(429, "rate_limited", "slow down"), null, Duration.ofSeconds(3)),
            new ServiceUnavailableException(Problem.of(503, "service_unavailable", "db down")),
            new ApiException(Problem.of(500, "internal_error", "bug")),
            new ConnectionException("refused"),
            new SignatureVerificationException("no match", "t=1,v1=00"));
    List<String> kinds = new ArrayList<>();
    for (OrderSyncException e : all) {
      kinds.add(
          switch (e) {
            case ApiException a -> "api " + a.status();
            case ConnectionException c -> "connection";
            case SignatureVerificationException s -> "signature";
          });
    }
    assertEquals("api 404", kinds.get(3));
    assertEquals("signature", kinds.getLast());
    assertEquals(
        Instant.parse("2026-11-25T09:00:00Z"),
        ((ApiException) all.get(5)).nextOpeningAt().orElseThrow());
    assertEquals(Duration.ofSeconds(3), ((RateLimitException) all.get(6)).retryAfter().get());
  }

  @Test
  void theResponseMetadataSaysReplayedVersionAndRateLimit() {
    server.reply(
        201,
        Fixtures.order("PLACED", 3),
        "Idempotent-Replayed",
        "true",
        "ETag",
        "\"3\"",
        "RateLimit-Limit",
        "120",
        "RateLimit-Remaining",
        "119",
        "RateLimit-Reset",
        "42");
    ApiResponse<Order> r = client.withResponse(c -> c.orders().get(ORDER));
    assertEquals(3, r.data().version());
    assertTrue(r.metadata().idempotentReplayed());
    assertEquals(3L, r.metadata().version().orElseThrow());
    assertEquals(
        new ResponseMetadata.RateLimit(120, 119, Duration.ofSeconds(42)), r.metadata().rateLimit());
    assertEquals("req-1", r.metadata().requestId());
    assertEquals(1, r.metadata().attempts());
    assertEquals("120", r.metadata().header("ratelimit-limit").orElseThrow());
  }

  @Test
  void aListenerSeesEveryAttemptAndRetry() {
    List<RequestListener.Attempt> seen = Collections.synchronizedList(new ArrayList<>());
    OrderSyncClient listened = server.client().listener(seen::add).build();
    server.problem(503, "service_unavailable", "db down").reply(200, Fixtures.placedOrder());
    ApiResponse<Order> r = listened.withResponse(c -> c.orders().get(ORDER));
    assertEquals(2, seen.size());
    assertEquals(503, seen.get(0).status());
    assertTrue(seen.get(0).willRetry());
    assertEquals(1, seen.get(0).number());
    assertEquals(200, seen.get(1).status());
    assertFalse(seen.get(1).willRetry());
    assertEquals(2, r.metadata().attempts());
  }

  @Test
  void perCallHeadersTraceparentAndRequestIdAreSent() {
    server.reply(200, Fixtures.placedOrder());
    List<RequestListener.Attempt> seen = new ArrayList<>();
    client
        .orders()
        .get(
            ORDER,
            RequestOptions.builder()
                .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .requestId("pos-7-000123")
                .header("X-Pos-Terminal", "7")
                .listener(seen::add)
                .build());
    FakeServer.Recorded sent = server.onlyRequest();
    assertEquals(
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", sent.header("traceparent"));
    assertEquals("pos-7-000123", sent.header("X-Request-Id"));
    assertEquals("7", sent.header("X-Pos-Terminal"));
    assertEquals(1, seen.size());
    assertThrows(
        IllegalArgumentException.class,
        () -> RequestOptions.builder().header("Authorization", "Bearer x"));
    assertThrows(
        IllegalArgumentException.class, () -> RequestOptions.builder().header("X-A", "a\r\nb"));
  }

  @Test
  void aDeadlineEndsTheCallAcrossRetries() {
    for (int i = 0; i < 5; i++) {
      server.slowReply(Duration.ofMillis(400), 200, Fixtures.placedOrder());
    }
    OrderSyncClient patient = server.client().maxRetries(5).build();
    long started = System.nanoTime();
    assertThrows(
        ConnectionException.class,
        () ->
            patient
                .orders()
                .get(
                    ORDER,
                    RequestOptions.builder()
                        .timeout(Duration.ofMillis(300))
                        .deadline(Duration.ofMillis(700))
                        .build()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, took.toString());
  }

  @Test
  void aLoginWithASecondFactorIsTypedAndCompletedWithTheCode() {
    server.reply(200, "{\"mfa_required\":true,\"mfa_token\":\"mfa.abc\",\"expires_in\":300}");
    LoginResult result = client.auth().login("o@example.kr", "pw");
    var step = assertInstanceOf(LoginResult.SecondFactorRequired.class, result);
    assertEquals("mfa.abc", step.mfaToken());
    assertEquals(300, step.expiresIn());
    assertFalse(step.toString().contains("mfa.abc"));

    server.reply(200, tokens("acc-1", "ref-1", 900));
    Tokens t = client.auth().completeLogin(step.mfaToken(), "123456");
    assertEquals("acc-1", t.accessToken());
    FakeServer.Recorded sent = server.requests().get(1);
    assertEquals("/api/v1/auth/login/mfa", sent.path());
    assertEquals("mfa.abc", sent.json().get("mfa_token").asText());
    assertEquals("123456", sent.json().get("code").asText());
  }

  @Test
  void refreshAndLogoutHitTheirRoutes() {
    server.reply(200, tokens("acc-2", "ref-2", 900)).raw(204, "application/json", "");
    assertEquals("ref-2", client.auth().refresh("ref-1").refreshToken());
    client.auth().logout();
    assertEquals("/api/v1/auth/refresh", server.requests().get(0).path());
    assertEquals("ref-1", server.requests().get(0).json().get("refresh_token").asText());
    assertNull(server.requests().get(0).header("Authorization"));
    assertEquals("/api/v1/auth/logout", server.requests().get(1).path());
  }

  @Test
  void aSessionRefreshesOnceAfterA401AndRetries() {
    Session session = client.auth().session(new Tokens("old", "Bearer", 900, null, "ref-1"));
    List<Tokens> stored = new ArrayList<>();
    session.onRefresh(stored::add);
    OrderSyncClient owner = client.withTokenProvider(session);
    server
        .problem(401, "invalid_token", "expired")
        .reply(200, tokens("new", "ref-2", 900))
        .reply(200, Fixtures.placedOrder());
    owner.orders().get(ORDER);
    List<FakeServer.Recorded> sent = server.requests();
    assertEquals("Bearer old", sent.get(0).header("Authorization"));
    assertEquals("/api/v1/auth/refresh", sent.get(1).path());
    assertEquals("Bearer new", sent.get(2).header("Authorization"));
    assertEquals("ref-2", stored.getFirst().refreshToken());

    // A second 401 with the fresh token goes to the caller: one refresh per call.
    server
        .problem(401, "invalid_token", "revoked")
        .reply(200, tokens("newer", "ref-3", 900))
        .problem(401, "invalid_token", "revoked again");
    assertThrows(AuthenticationException.class, () -> owner.orders().get(ORDER));
    assertEquals(6, server.requests().size());
  }

  @Test
  void aRefusedRefreshEndsTheSession() {
    Session session = client.auth().session(new Tokens("old", "Bearer", 900, null, "ref-1"));
    OrderSyncClient owner = client.withTokenProvider(session);
    server
        .problem(401, "invalid_token", "expired")
        .problem(401, "refresh_token_reused", "the session has been ended");
    var e = assertThrows(AuthenticationException.class, () -> owner.orders().get(ORDER));
    assertEquals("refresh_token_reused", e.code());
    assertTrue(session.ended());
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-24T00:00:00Z"));

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  @Test
  void aSessionRefreshesBeforeExpiryOnceForManyThreads() throws Exception {
    MovableClock clock = new MovableClock();
    Session session =
        new Session(
            new AuthResource(server.client().accessToken("ignored").build().api()),
            new Tokens("old", "Bearer", 900, null, "ref-1"),
            clock);
    OrderSyncClient owner = server.client().tokenProvider(session).build();
    server.reply(200, Fixtures.placedOrder());
    owner.orders().get(ORDER);
    assertEquals("Bearer old", server.requests().getFirst().header("Authorization"));

    clock.now.set(clock.instant().plusSeconds(880)); // within the last minute of its life
    server.reply(200, tokens("new", "ref-2", 900));
    int threads = 8;
    for (int i = 0; i < threads; i++) {
      server.reply(200, Fixtures.placedOrder());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Order>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return owner.orders().get(ORDER);
              }));
    }
    go.countDown();
    for (Future<Order> f : results) {
      assertEquals(ORDER, f.get().id());
    }
    pool.shutdown();
    List<FakeServer.Recorded> sent = server.requests();
    assertEquals(
        1, sent.stream().filter(r -> r.path().equals("/api/v1/auth/refresh")).count(), "refreshes");
    assertTrue(
        sent.stream()
            .filter(r -> r.path().startsWith("/api/v1/orders"))
            .skip(1)
            .allMatch(r -> "Bearer new".equals(r.header("Authorization"))));
  }
}
