package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.sdk.InvalidRequestException;
import dev.ordersync.sdk.NotFoundException;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderStatus;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.RequestOptions;
import dev.ordersync.server.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK against a real running server (on a fresh database of the machine's PostgreSQL), not a
 * fake.
 */
class IntegratorWithSdkTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static URI base;

  @BeforeAll
  static void itsAddress() {
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @Test
  void theIntegratorExampleTakesAnOrderThroughItsWholeLife() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Order done = IntegratorWithSdk.run(base, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(OrderStatus.COMPLETED, done.status());
    assertEquals(5, done.version());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("COMPLETED"));
  }

  @Test
  void theSdkTurnsServerProblemsIntoTypedExceptionsWithTheirCodes() {
    OrderSyncClient anonymous = OrderSyncClient.builder().baseUrl(base.toString()).build();
    NotFoundException missing =
        assertThrows(NotFoundException.class, () -> anonymous.restaurants().get(UUID.randomUUID()));
    assertEquals("not_found", missing.code());
    assertEquals(404, missing.status());
    assertTrue(missing.requestId() != null && !missing.requestId().isBlank());

    // A finished order refuses another step: the server's invalid_transition arrives as a
    // ConflictException.
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Order done = IntegratorWithSdk.run(base, new PrintStream(sink, true, StandardCharsets.UTF_8));
    String email = "sdk-" + UUID.randomUUID() + "@example.kr";
    OrderSyncClient client = OrderSyncClient.builder().baseUrl(base.toString()).build();
    client
        .auth()
        .register(dev.ordersync.sdk.RegisterRequest.owner(email, "correct horse battery", "SDK"));
    var tokens = client.auth().login(email, "correct horse battery").authenticated().orElseThrow();
    OrderSyncClient owner = client.withAccessToken(tokens.accessToken());
    NotFoundException foreign =
        assertThrows(
            NotFoundException.class,
            () -> owner.orders().get(done.id()),
            "another restaurant's order is not found");
    assertEquals("not_found", foreign.code());
    InvalidRequestException bad =
        assertThrows(
            InvalidRequestException.class,
            () ->
                client
                    .auth()
                    .register(
                        dev.ordersync.sdk.RegisterRequest.customer("not-an-email", "short", "")));
    assertEquals("validation_failed", bad.code());
    assertTrue(bad.errors().size() >= 2);
    // A taken email is answered like a new account (the server never says an email is taken):
    // a User under an id that is not the existing account's, and no exception.
    var first =
        client
            .auth()
            .register(
                dev.ordersync.sdk.RegisterRequest.customer(email, "another horse battery", "x"));
    assertEquals(email, first.email());
    assertNotEquals(
        owner.auth().me().id(), first.id(), "the same email twice shows no existing account");
    assertTrue(RequestOptions.idempotencyKey("k").toString().length() > 0);
  }
}
