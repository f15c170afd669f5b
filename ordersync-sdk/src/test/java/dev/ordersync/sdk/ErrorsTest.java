package dev.ordersync.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every failure becomes the exception for its cause, carrying status, code, request id, detail and
 * field errors.
 */
class ErrorsTest {
  private static final UUID ORDER = UUID.randomUUID();

  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().maxRetries(0).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "400, malformed_json, InvalidRequestException",
    "401, invalid_token, AuthenticationException",
    "403, forbidden, PermissionException",
    "404, not_found, NotFoundException",
    "409, invalid_transition, ConflictException",
    "413, body_too_large, InvalidRequestException",
    "415, unsupported_media_type, InvalidRequestException",
    "422, restaurant_paused, BusinessRuleException",
    "422, validation_failed, InvalidRequestException",
    "412, version_conflict, ConflictException",
    "429, rate_limited, RateLimitException",
    "500, internal_error, ApiException",
    "503, service_unavailable, ServiceUnavailableException",
    "405, method_not_allowed, ApiException",
  })
  void eachStatusBecomesTheExceptionForItsCause(int status, String code, String exception) {
    server.problem(status, code, "it went wrong", "X-Request-Id", "req-77");

    OrderSyncException e = assertThrows(OrderSyncException.class, () -> client.orders().get(ORDER));

    assertEquals(exception, e.getClass().getSimpleName());
    assertEquals(status, e.status());
    assertEquals(code, e.code());
    assertEquals("req-77", e.requestId());
    assertEquals("it went wrong", e.detail());
    assertEquals(List.of(), e.errors());
    assertTrue(e.getMessage().contains(code) && e.getMessage().contains("req-77"), e.getMessage());
  }

  @Test
  void fieldErrorsAreKeptInOrder() {
    server.raw(
        422,
        "application/problem+json",
        """
        {"type":"https://ordersync.dev/problems/validation-failed","title":"Invalid request","status":422,
         "detail":"the request has invalid fields","code":"validation_failed",
         "errors":[{"field":"items[0].quantity","message":"must be between 1 and 99"},
                   {"field":"fulfillment","message":"must be DINE_IN or TAKEOUT"}]}""");

    var e =
        assertThrows(
            InvalidRequestException.class,
            () ->
                client
                    .orders()
                    .place(
                        PlaceOrderRequest.builder(UUID.randomUUID(), Fulfillment.TAKEOUT)
                            .item(UUID.randomUUID(), 1)
                            .build()));

    assertEquals("validation_failed", e.code());
    assertEquals(
        List.of(
            new FieldError("items[0].quantity", "must be between 1 and 99"),
            new FieldError("fulfillment", "must be DINE_IN or TAKEOUT")),
        e.errors());
    assertTrue(
        e.getMessage().contains("items[0].quantity must be between 1 and 99"), e.getMessage());
    assertEquals("req-1", e.requestId(), "taken from the X-Request-Id header");
  }

  @Test
  void aStaleVersionIsAConflictWithItsCode() {
    server.problem(409, "version_conflict", "the order was changed meanwhile (now version 3)");
    var e =
        assertThrows(
            ConflictException.class,
            () -> client.restaurantOrders().start(ORDER, RequestOptions.ifMatchVersion(2)));
    assertEquals("version_conflict", e.code());
  }

  @Test
  void rateLimitingSaysHowLongToWaitInSeconds() {
    server.problem(429, "rate_limited", "slow down", "Retry-After", "17");
    var e = assertThrows(RateLimitException.class, () -> client.orders().get(ORDER));
    assertEquals(Optional.of(Duration.ofSeconds(17)), e.retryAfter());
  }

  @Test
  void rateLimitingMaySayWhenToComeBackAsAnHttpDate() {
    String in90s =
        ZonedDateTime.now(ZoneOffset.UTC)
            .plusSeconds(90)
            .format(DateTimeFormatter.RFC_1123_DATE_TIME);
    server.problem(429, "rate_limited", "slow down", "Retry-After", in90s);
    var e = assertThrows(RateLimitException.class, () -> client.orders().get(ORDER));
    Duration wait = e.retryAfter().orElseThrow();
    assertTrue(
        wait.compareTo(Duration.ofSeconds(80)) > 0 && wait.compareTo(Duration.ofSeconds(91)) <= 0,
        wait.toString());
  }

  @Test
  void rateLimitingWithoutRetryAfterSaysNothingAboutWaiting() {
    server.problem(429, "rate_limited", "slow down");
    var e = assertThrows(RateLimitException.class, () -> client.orders().get(ORDER));
    assertEquals(Optional.empty(), e.retryAfter());
  }

  @Test
  void anErrorPageThatIsNotJsonStillMapsByStatus() {
    server.raw(502, "text/html", "<html><body>Bad Gateway</body></html>", "X-Request-Id", "edge-1");
    var e = assertThrows(ApiException.class, () -> client.orders().get(ORDER));
    assertEquals(502, e.status());
    assertNull(e.code());
    assertNull(e.detail());
    assertEquals("edge-1", e.requestId());
  }

  @Test
  void aSuccessThatCannotBeReadIsAnApiException() {
    server.raw(200, "application/json", "{\"id\": not json");
    var e = assertThrows(ApiException.class, () -> client.orders().get(ORDER));
    assertEquals(200, e.status());
    assertTrue(e.detail().startsWith("could not read the response"), e.detail());
  }

  @Test
  void connectionRefusedIsAnConnectionException() throws Exception {
    URI nobody;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    OrderSyncClient offline =
        OrderSyncClient.builder()
            .baseUri(nobody)
            .retryDelays(Duration.ofMillis(1), Duration.ofMillis(2))
            .build();

    var e = assertThrows(ConnectionException.class, () -> offline.orders().get(ORDER));

    assertEquals(0, e.status());
    assertNull(e.code());
    assertNull(e.requestId());
    assertInstanceOf(java.net.ConnectException.class, e.getCause());
    assertTrue(
        e.getMessage().contains("3 attempts"),
        "a refused connection sent nothing, so it is retried: " + e.getMessage());
  }

  @Test
  void aSlowServerTimesOutWithThePerCallTimeout() {
    server.slowReply(Duration.ofSeconds(3), 200, Fixtures.placedOrder());
    long start = System.nanoTime();
    var e =
        assertThrows(
            ConnectionException.class,
            () ->
                client
                    .orders()
                    .get(ORDER, RequestOptions.builder().timeout(Duration.ofMillis(200)).build()));
    assertInstanceOf(java.net.http.HttpTimeoutException.class, e.getCause());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "did not wait for the server");
  }
}
