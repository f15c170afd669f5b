package dev.ordersync.sdk;

import static dev.ordersync.sdk.Fixtures.ITEM_ID;
import static dev.ordersync.sdk.Fixtures.ORDER_ID;
import static dev.ordersync.sdk.Fixtures.RESTAURANT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire: methods, paths, headers and snake_case bodies. */
class SendingRequestsTest {
  private static final UUID RESTAURANT = UUID.fromString(RESTAURANT_ID);
  private static final UUID ORDER = UUID.fromString(ORDER_ID);
  private static final UUID ITEM = UUID.fromString(ITEM_ID);

  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void placingAnOrderPostsSnakeCaseJsonWithAFreshIdempotencyKey() throws Exception {
    server.reply(201, Fixtures.placedOrder()).reply(201, Fixtures.placedOrder());
    PlaceOrderRequest request =
        PlaceOrderRequest.builder(RESTAURANT, Fulfillment.DINE_IN)
            .item(ITEM, 2)
            .customer("Kim", "010-1234-5678")
            .note("less spicy")
            .table("7")
            .build();

    client.orders().place(request);
    client.orders().place(request);

    var first = server.requests().get(0);
    assertEquals("POST", first.method());
    assertEquals("/api/v1/orders", first.path());
    assertEquals("Bearer test-token", first.header("Authorization"));
    assertEquals("application/json", first.header("Content-Type"));
    assertEquals("application/json", first.header("Accept"));
    assertTrue(
        first.header("User-Agent").startsWith("ordersync-java/"), first.header("User-Agent"));
    assertEquals(
        json(
            """
            {"restaurant_id":"%s","items":[{"menu_item_id":"%s","quantity":2,"options":[]}],
             "customer":{"name":"Kim","phone":"010-1234-5678"},"note":"less spicy","fulfillment":"DINE_IN","table":"7"}"""
                .formatted(RESTAURANT_ID, ITEM_ID)),
        first.json());
    String key = first.header("Idempotency-Key");
    String secret = first.header("Idempotency-Secret");
    assertTrue(randomBits(key) >= 128, () -> "a random key of at least 128 bits: " + key);
    assertTrue(randomBits(secret) >= 128, () -> "a random secret of at least 128 bits: " + secret);
    assertNotEquals(key, secret);
    var second = server.requests().get(1);
    assertNotEquals(key, second.header("Idempotency-Key"), "each call gets its own key");
    assertNotEquals(secret, second.header("Idempotency-Secret"), "and its own secret");
  }

  @Test
  void consentToTextMessagesIsSentAsSmsConsent() throws Exception {
    server.reply(201, Fixtures.placedOrder());
    client
        .orders()
        .place(
            PlaceOrderRequest.builder(RESTAURANT, Fulfillment.TAKEOUT)
                .item(ITEM, 1)
                .customer("Kim", "010-1234-5678", true)
                .build());

    assertEquals(
        json("{\"name\":\"Kim\",\"phone\":\"010-1234-5678\",\"sms_consent\":true}"),
        server.requests().get(0).json().get("customer"));
  }

  /** The bits of a base64url value, which is what the SDK's random keys and secrets are. */
  private static int randomBits(String value) {
    return java.util.Base64.getUrlDecoder().decode(value).length * 8;
  }

  @Test
  void randomKeysAndSecretsDoNotRepeat() {
    var seen = new java.util.HashSet<String>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.add(RequestOptions.randomIdempotencyKey()));
      assertTrue(seen.add(RequestOptions.randomIdempotencySecret()));
    }
    assertTrue(seen.stream().allMatch(v -> randomBits(v) >= 128));
  }

  @Test
  void aGivenKeyAndSecretAreSentAsTheyAre() {
    server.reply(201, Fixtures.placedOrder());
    String key = RequestOptions.randomIdempotencyKey();
    String secret = RequestOptions.randomIdempotencySecret();
    client
        .orders()
        .place(
            PlaceOrderRequest.builder(RESTAURANT, Fulfillment.TAKEOUT).item(ITEM, 1).build(),
            RequestOptions.idempotency(key, secret));
    assertEquals(key, server.onlyRequest().header("Idempotency-Key"));
    assertEquals(secret, server.onlyRequest().header("Idempotency-Secret"));
    assertThrows(IllegalArgumentException.class, () -> RequestOptions.idempotency(key, "cart-1"));
  }

  @Test
  void anAnonymousOrderWithoutExtrasSendsAnEmptyCustomerAndNoNulls() throws Exception {
    server.reply(201, Fixtures.placedOrder());
    client
        .withAccessToken(null)
        .orders()
        .place(PlaceOrderRequest.builder(RESTAURANT, Fulfillment.TAKEOUT).item(ITEM, 1).build());

    var sent = server.onlyRequest();
    assertNull(sent.header("Authorization"), "an anonymous customer sends no credentials");
    assertEquals(
        json(
            """
            {"restaurant_id":"%s","items":[{"menu_item_id":"%s","quantity":1,"options":[]}],"customer":{},
             "fulfillment":"TAKEOUT"}"""
                .formatted(RESTAURANT_ID, ITEM_ID)),
        sent.json());
  }

  @Test
  void aGivenIdempotencyKeyIsSentAsItIs() {
    server.reply(201, Fixtures.placedOrder());
    client
        .orders()
        .place(
            PlaceOrderRequest.builder(RESTAURANT, Fulfillment.TAKEOUT).item(ITEM, 1).build(),
            RequestOptions.idempotencyKey("cart-8812"));
    assertEquals("cart-8812", server.onlyRequest().header("Idempotency-Key"));
    assertNotNull(server.onlyRequest().header("Idempotency-Secret"), "with a secret made for it");
  }

  @Test
  void acceptingWithAVersionSendsIfMatchAndThePrepTime() throws Exception {
    server.reply(200, Fixtures.order("ACCEPTED", 2));
    client.restaurantOrders().accept(ORDER, 12, RequestOptions.builder().ifMatchVersion(1).build());

    var sent = server.onlyRequest();
    assertEquals("POST", sent.method());
    assertEquals("/api/v1/restaurants/me/orders/" + ORDER_ID + "/accept", sent.path());
    assertEquals("\"1\"", sent.header("If-Match"));
    assertNull(sent.header("Idempotency-Key"), "only creating calls get a key of their own");
    assertEquals(json("{\"prep_minutes\":12}"), sent.json());
  }

  @Test
  void everyStepOfTheOrderBoardPostsToItsOwnPath() throws Exception {
    for (int i = 0; i < 6; i++) {
      server.reply(200, Fixtures.order("ACCEPTED", 2));
    }
    var board = client.restaurantOrders();
    board.accept(ORDER, null);
    board.reject(ORDER, "out of rice");
    board.start(ORDER);
    board.ready(ORDER, RequestOptions.ifMatchVersion(3));
    board.complete(ORDER);
    board.cancel(ORDER, "customer left");

    var sent = server.requests();
    String base = "/api/v1/restaurants/me/orders/" + ORDER_ID + "/";
    assertEquals(
        java.util.List.of(
            base + "accept",
            base + "reject",
            base + "start",
            base + "ready",
            base + "complete",
            base + "cancel"),
        sent.stream().map(FakeServer.Recorded::path).toList());
    assertEquals(json("{}"), sent.get(0).json(), "no prep time: the restaurant's usual one");
    assertEquals(json("{\"reason\":\"out of rice\"}"), sent.get(1).json());
    assertEquals(json("{}"), sent.get(2).json());
    assertEquals("\"3\"", sent.get(3).header("If-Match"));
    assertNull(sent.get(2).header("If-Match"));
    assertEquals(json("{}"), sent.get(4).json());
    assertEquals(json("{\"reason\":\"customer left\"}"), sent.get(5).json());
  }

  @Test
  void aCustomerReadsTheirOrderWithItsOrderTokenInsteadOfTheClientsToken() {
    server.reply(200, Fixtures.placedOrder());
    client.orders().get(ORDER, RequestOptions.accessToken("order-token-xyz"));

    var sent = server.onlyRequest();
    assertEquals("GET", sent.method());
    assertEquals("/api/v1/orders/" + ORDER_ID, sent.path());
    assertEquals("Bearer order-token-xyz", sent.header("Authorization"));
    assertNull(sent.header("Content-Type"), "a GET has no body");
  }

  @Test
  void aCustomerCancelsWithAnOptionalReason() throws Exception {
    server.reply(200, Fixtures.order("CANCELED", 2)).reply(200, Fixtures.order("CANCELED", 2));
    client.orders().cancel(ORDER, "changed my mind");
    client.orders().cancel(ORDER, null);
    assertEquals("/api/v1/orders/" + ORDER_ID + "/cancel", server.requests().get(0).path());
    assertEquals(json("{\"reason\":\"changed my mind\"}"), server.requests().get(0).json());
    assertEquals(json("{}"), server.requests().get(1).json());
  }

  @Test
  void withAccessTokenChangesOnlyTheToken() {
    server.reply(200, Fixtures.placedOrder()).reply(200, Fixtures.placedOrder());
    OrderSyncClient other = client.withAccessToken("other-token");
    other.orders().get(ORDER);
    client.orders().get(ORDER);
    assertEquals("Bearer other-token", server.requests().get(0).header("Authorization"));
    assertEquals(
        "Bearer test-token",
        server.requests().get(1).header("Authorization"),
        "the original is unchanged");
    assertEquals(client.apiBase(), other.apiBase());
  }

  @Test
  void listingOrdersSendsTheFiltersAsQueryParameters() {
    server.reply(200, "{\"data\":[],\"next_cursor\":null}");
    client
        .restaurantOrders()
        .list(
            ListOrdersParams.builder()
                .statuses(OrderStatus.ACCEPTED, OrderStatus.PLACED)
                .from(Instant.parse("2026-11-24T00:00:00Z"))
                .to(Instant.parse("2026-11-25T00:00:00Z"))
                .limit(20)
                .cursor("abc+/=")
                .build());

    var sent = server.onlyRequest();
    assertEquals("/api/v1/restaurants/me/orders", sent.path());
    assertEquals(
        "status=PLACED,ACCEPTED&from=2026-11-24T00%3A00%3A00Z&to=2026-11-25T00%3A00%3A00Z&limit=20&cursor=abc%2B%2F%3D",
        sent.rawQuery());
  }

  @Test
  void listingWithoutFiltersSendsNoQuery() {
    server.reply(200, "{\"data\":[],\"next_cursor\":null}");
    client.restaurantOrders().list();
    assertNull(server.onlyRequest().rawQuery());
  }

  @Test
  void updatingAMenuItemSendsOnlyWhatChangesAndNullToClear() throws Exception {
    server.reply(200, Fixtures.menuItem());
    client
        .restaurants()
        .updateMenuItem(
            ITEM,
            UpdateMenuItemRequest.builder().price(9_500).noDescription().stockNotCounted().build(),
            RequestOptions.ifMatchVersion(1));

    var sent = server.onlyRequest();
    assertEquals("PATCH", sent.method());
    assertEquals("/api/v1/restaurants/me/menu/items/" + ITEM_ID, sent.path());
    assertEquals("\"1\"", sent.header("If-Match"));
    assertEquals(json("{\"price\":9500,\"description\":null,\"stock\":null}"), sent.json());
  }

  @Test
  void updatingSettingsPatchesTheTokensRestaurant() throws Exception {
    server.reply(200, restaurantJson());
    client
        .restaurants()
        .updateSettings(UpdateSettingsRequest.builder().paused(true).prepMinutes(20).build());
    var sent = server.onlyRequest();
    assertEquals("PATCH", sent.method());
    assertEquals("/api/v1/restaurants/me", sent.path());
    assertEquals(json("{\"paused\":true,\"prep_minutes\":20}"), sent.json());
  }

  @Test
  void removingAMenuItemIsADeleteThatReturnsNothing() {
    server.raw(204, "application/json", "");
    client.restaurants().removeMenuItem(ITEM);
    var sent = server.onlyRequest();
    assertEquals("DELETE", sent.method());
    assertEquals("/api/v1/restaurants/me/menu/items/" + ITEM_ID, sent.path());
  }

  @Test
  void registeringAndLoggingInSendTheirFields() throws Exception {
    server
        .reply(
            201,
            "{\"id\":\""
                + UUID.randomUUID()
                + "\",\"email\":\"o@example.kr\",\"name\":\"Park\",\"role\":\"OWNER\"}")
        .reply(
            200,
            "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":900,\"restaurant_id\":null}")
        .reply(
            200,
            "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":900,\"restaurant_id\":null}");

    client.auth().register(RegisterRequest.owner("o@example.kr", "correct horse battery", "Park"));
    client.auth().login("o@example.kr", "correct horse battery");
    client.auth().login("o@example.kr", "correct horse battery", RESTAURANT);

    var sent = server.requests();
    assertEquals("/api/v1/auth/register", sent.get(0).path());
    assertEquals(
        json(
            "{\"email\":\"o@example.kr\",\"password\":\"correct horse battery\",\"name\":\"Park\",\"role\":\"OWNER\"}"),
        sent.get(0).json());
    assertEquals("/api/v1/auth/login", sent.get(1).path());
    assertEquals(
        json("{\"email\":\"o@example.kr\",\"password\":\"correct horse battery\"}"),
        sent.get(1).json());
    assertEquals(
        json(
            "{\"email\":\"o@example.kr\",\"password\":\"correct horse battery\",\"restaurant_id\":\""
                + RESTAURANT_ID
                + "\"}"),
        sent.get(2).json());
  }

  @Test
  void creatingARestaurantAndItsMenuPostsToTheRightPaths() throws Exception {
    server
        .reply(201, restaurantJson())
        .reply(201, "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Rice\",\"position\":0}")
        .reply(201, Fixtures.menuItem());
    client.restaurants().create(new CreateRestaurantRequest("Seoul Kitchen", "220-81-62517"));
    client.restaurants().createCategory(new CreateCategoryRequest("Rice"));
    client.restaurants().createMenuItem(new CreateMenuItemRequest("Bibimbap", 9000).withStock(30));

    var sent = server.requests();
    assertEquals("/api/v1/restaurants", sent.get(0).path());
    assertEquals(
        json("{\"name\":\"Seoul Kitchen\",\"business_number\":\"220-81-62517\"}"),
        sent.get(0).json());
    assertEquals("/api/v1/restaurants/me/menu/categories", sent.get(1).path());
    assertEquals(json("{\"name\":\"Rice\"}"), sent.get(1).json());
    assertEquals("/api/v1/restaurants/me/menu/items", sent.get(2).path());
    assertEquals(json("{\"name\":\"Bibimbap\",\"price\":9000,\"stock\":30}"), sent.get(2).json());
    assertFalse(
        sent.stream().anyMatch(r -> r.header("Idempotency-Key") != null),
        "no key unless asked for");
  }

  @Test
  void theBaseUrlMayEndInASlashOrAlreadyNameTheApi() {
    for (String base :
        new String[] {server.uri() + "/", server.uri() + "/api/v1", server.uri() + "/api/v1/"}) {
      server.reply(200, restaurantJson());
      OrderSyncClient.builder().baseUrl(base).build().restaurants().get(RESTAURANT);
    }
    assertEquals(3, server.requests().size());
    server.requests().forEach(r -> assertEquals("/api/v1/restaurants/" + RESTAURANT_ID, r.path()));
  }

  static String restaurantJson() {
    return """
        {"id":"%s","name":"Seoul Kitchen","business_number":"220-81-62517","phone":null,"address":null,
         "time_zone":"Asia/Seoul","paused":true,"auto_accept":false,"prep_minutes":20,"payment_mode":"AT_COUNTER",
         "open_now":false,"version":2,"created_at":"2026-11-24T03:00:00Z","updated_at":"2026-11-24T03:05:00Z"}"""
        .formatted(RESTAURANT_ID);
  }
}
