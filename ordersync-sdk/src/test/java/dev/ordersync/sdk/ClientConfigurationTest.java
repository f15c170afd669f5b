package dev.ordersync.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Mistakes in configuration and requests are caught before anything is sent. */
class ClientConfigurationTest {
  @Test
  void aClientNeedsABaseUrl() {
    var e = assertThrows(IllegalStateException.class, () -> OrderSyncClient.builder().build());
    assertTrue(e.getMessage().contains("baseUrl"), e.getMessage());
  }

  @Test
  void theBaseUrlMustBeHttpWithAHost() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OrderSyncClient.builder().baseUrl("ftp://example.kr"));
    assertThrows(
        IllegalArgumentException.class, () -> OrderSyncClient.builder().baseUrl("localhost:8080"));
    assertThrows(
        IllegalArgumentException.class,
        () -> OrderSyncClient.builder().baseUrl("http://example.kr/?x=1"));
  }

  @Test
  void theApiPathIsAddedToTheServerRoot() {
    assertEquals(
        URI.create("https://api.example.kr/ordersync/api/v1"),
        OrderSyncClient.builder().baseUrl("https://api.example.kr/ordersync/").build().apiBase());
  }

  @Test
  void retriesAreBounded() {
    assertThrows(IllegalArgumentException.class, () -> OrderSyncClient.builder().maxRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> OrderSyncClient.builder().maxRetries(11));
  }

  @Test
  void theClientNeverPrintsItsToken() {
    OrderSyncClient client =
        OrderSyncClient.builder().baseUrl("http://localhost:8080").accessToken("s3cret").build();
    assertFalse(client.toString().contains("s3cret"), client.toString());
    assertFalse(RequestOptions.accessToken("s3cret").toString().contains("s3cret"));
    assertFalse(
        RegisterRequest.owner("a@b.kr", "s3cret-password", "A").toString().contains("s3cret"));
  }

  @Test
  void anIdempotencyKeyHasOneTo255VisibleCharacters() {
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.idempotencyKey(""));
    assertThrows(
        IllegalArgumentException.class, () -> RequestOptions.idempotencyKey("a".repeat(256)));
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.idempotencyKey("has space"));
    assertEquals("k".repeat(255), RequestOptions.idempotencyKey("k".repeat(255)).idempotencyKey());
  }

  @Test
  void anOrderNeedsAtLeastOneItemAndAPositiveQuantity() {
    UUID restaurant = UUID.randomUUID();
    assertThrows(
        IllegalArgumentException.class,
        () -> PlaceOrderRequest.builder(restaurant, Fulfillment.TAKEOUT).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PlaceOrderRequest.builder(restaurant, Fulfillment.TAKEOUT).item(UUID.randomUUID(), 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PlaceOrderRequest.builder(restaurant, Fulfillment.UNKNOWN)
                .item(UUID.randomUUID(), 1)
                .build());
  }

  @Test
  void unknownCannotBeSentAsAFilter() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ListOrdersParams.builder().statuses(OrderStatus.UNKNOWN).build());
  }
}
