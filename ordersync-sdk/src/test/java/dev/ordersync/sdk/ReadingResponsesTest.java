package dev.ordersync.sdk;

import static dev.ordersync.sdk.Fixtures.ITEM_ID;
import static dev.ordersync.sdk.Fixtures.ORDER_ID;
import static dev.ordersync.sdk.Fixtures.RESTAURANT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What comes back: records with camelCase accessors, won as long, instants, and tolerance for what
 * is new.
 */
class ReadingResponsesTest {
  private static final UUID ORDER = UUID.fromString(ORDER_ID);

  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anOrderIsReadWithItsLinesMoneyAndTimesIgnoringFieldsItDoesNotKnow() {
    server.reply(200, Fixtures.placedOrder());
    Order order = client.orders().get(ORDER);

    assertEquals(ORDER, order.id());
    assertEquals("A-042", order.number());
    assertEquals(UUID.fromString(RESTAURANT_ID), order.restaurantId());
    assertEquals(OrderStatus.PLACED, order.status());
    assertEquals(1, order.version());
    assertEquals(Fulfillment.DINE_IN, order.fulfillment());
    assertEquals("7", order.table());
    assertEquals(new Customer("Kim", null, "010-****-5678"), order.customer());
    assertEquals(
        List.of(
            new OrderLine(
                UUID.fromString(ITEM_ID),
                "Bibimbap",
                8500,
                List.of(
                    new OrderLine.ChosenOption(
                        UUID.fromString("0193a5c0-0000-7000-8000-0000000000c1"),
                        "Size",
                        "Large",
                        1000)),
                new MenuItem.RuleRef(
                    UUID.fromString("0193a5c0-0000-7000-8000-0000000000d1"), "Lunch"),
                9000,
                2,
                18000)),
        order.items());
    assertEquals(18000, order.subtotal());
    assertEquals(0, order.discount());
    assertEquals(18000, order.total());
    assertNull(order.prepMinutes());
    assertNull(order.readyBy());
    assertNull(order.orderToken());
    assertEquals(Instant.parse("2026-11-24T06:15:00Z"), order.createdAt());
    assertEquals(Instant.parse("2026-11-24T06:16:30.250Z"), order.updatedAt());
  }

  @Test
  void aStatusNewerThanTheSdkIsReadAsUnknown() {
    server.reply(200, Fixtures.order("ON_THE_WAY", 4));
    Order order = client.orders().get(ORDER);
    assertEquals(OrderStatus.UNKNOWN, order.status());
    assertFalse(order.status().terminal());
  }

  @Test
  void theOrderTokenOfAnAnonymousOrderIsReadButNeverPrinted() {
    server.reply(
        201,
        Fixtures.placedOrder()
            .replace("\"loyalty_points\"", "\"order_token\":\"secret-order-token\",\"x\""));
    Order order =
        client
            .orders()
            .place(
                PlaceOrderRequest.builder(UUID.randomUUID(), Fulfillment.TAKEOUT)
                    .item(UUID.randomUUID(), 1)
                    .build());
    assertEquals("secret-order-token", order.orderToken());
    assertFalse(order.toString().contains("secret-order-token"), order.toString());
  }

  @Test
  void tokensAreReadWithoutARefreshTokenAndNeverPrinted() {
    server.reply(
        200,
        "{\"access_token\":\"eyJ.secret\",\"token_type\":\"Bearer\",\"expires_in\":900,\"restaurant_id\":\""
            + RESTAURANT_ID
            + "\"}");
    Tokens tokens =
        assertInstanceOf(
                LoginResult.Authenticated.class,
                client.auth().login("o@example.kr", "correct horse battery"))
            .tokens();
    assertEquals("eyJ.secret", tokens.accessToken());
    assertEquals("Bearer", tokens.tokenType());
    assertEquals(900, tokens.expiresIn());
    assertEquals(UUID.fromString(RESTAURANT_ID), tokens.restaurantId());
    assertNull(tokens.refreshToken());
    assertFalse(tokens.toString().contains("eyJ.secret"), tokens.toString());
  }

  @Test
  void theProfileListsMemberships() {
    server.reply(
        200,
        """
        {"id":"%s","email":"o@example.kr","name":"Park","phone":null,"role":"OWNER","created_at":"2026-11-24T03:00:00Z",
         "restaurant_id":"%s","memberships":[{"restaurant_id":"%s","role":"OWNER"}]}"""
            .formatted(UUID.randomUUID(), RESTAURANT_ID, RESTAURANT_ID));
    Profile me = client.auth().me();
    assertEquals(Role.OWNER, me.role());
    assertEquals(UUID.fromString(RESTAURANT_ID), me.restaurantId());
    assertEquals(
        List.of(new Membership(UUID.fromString(RESTAURANT_ID), Role.OWNER)), me.memberships());
  }

  @Test
  void aPublicRestaurantProfileMayLeaveOutWhatOnlyTheOwnerSees() {
    server.reply(
        200,
        """
        {"id":"%s","name":"Seoul Kitchen","phone":null,"address":"Mapo-gu","time_zone":"Asia/Seoul","paused":false,
         "prep_minutes":15,"payment_mode":"AT_COUNTER","open_now":true,"created_at":"2026-11-24T03:00:00Z",
         "updated_at":"2026-11-24T03:00:00Z"}"""
            .formatted(RESTAURANT_ID));
    Restaurant r = client.restaurants().get(UUID.fromString(RESTAURANT_ID));
    assertEquals("Seoul Kitchen", r.name());
    assertTrue(r.openNow());
    assertEquals(15, r.prepMinutes());
    assertEquals(PaymentMode.AT_COUNTER, r.paymentMode());
    assertNull(r.businessNumber());
    assertNull(r.autoAccept());
    assertNull(r.version());
  }

  @Test
  void theMenuIsReadWithCategoriesAndItems() {
    server.reply(
        200,
        """
        {"restaurant_id":"%s","categories":[{"id":"%s","name":"Rice","position":0}],
         "items":[{"id":"%s","category_id":null,"name":"Bibimbap","description":null,"price":9000,"available":true,
                   "stock":3,"sold_out":false,"version":1}]}"""
            .formatted(RESTAURANT_ID, UUID.randomUUID(), ITEM_ID));
    Menu menu = client.restaurants().menu(UUID.fromString(RESTAURANT_ID));
    assertEquals("Rice", menu.categories().getFirst().name());
    MenuItem item = menu.items().getFirst();
    assertEquals(9000, item.price());
    assertEquals(3, item.stock());
    assertFalse(item.soldOut());
  }

  @Test
  void autoPagingFollowsTheCursorUntilTheLastPage() {
    server
        .reply(
            200,
            "{\"data\":["
                + Fixtures.order("PLACED", 1)
                + ","
                + Fixtures.order("ACCEPTED", 2)
                + "],\"next_cursor\":\"c2\"}")
        .reply(200, "{\"data\":[" + Fixtures.order("READY", 4) + "],\"next_cursor\":null}");

    Page<Order> first =
        client
            .restaurantOrders()
            .list(ListOrdersParams.builder().statuses(OrderStatus.PLACED).limit(2).build());
    assertEquals(2, first.data().size());
    assertEquals("c2", first.nextCursor());
    assertTrue(first.hasMore());
    assertEquals(1, server.requests().size(), "the next page is fetched only when needed");

    List<OrderStatus> all = first.autoPagingStream().map(Order::status).toList();

    assertEquals(List.of(OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.READY), all);
    assertEquals(2, server.requests().size());
    assertEquals(
        "status=PLACED&limit=2&cursor=c2",
        server.requests().get(1).rawQuery(),
        "same filters, next page");
  }

  @Test
  void theLastPageHasNoNextPage() {
    server.reply(200, "{\"data\":[],\"next_cursor\":null}");
    Page<Order> page = client.restaurantOrders().list();
    assertFalse(page.hasMore());
    assertFalse(page.autoPagingIterable().iterator().hasNext());
    assertThrows(NoSuchElementException.class, page::nextPage);
  }
}
