package dev.ordersync.sdk;

import static dev.ordersync.sdk.Fixtures.RESTAURANT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every field the server's views send reaches the records, and a newer server's extra fields and
 * enum values never break reading.
 */
class EveryFieldTest {
  private static final UUID RESTAURANT = UUID.fromString(RESTAURANT_ID);
  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theOwnersMenuHasOptionGroupsPriceRulesAndTheNextPriceChange() {
    server.reply(
        200,
        """
        {"restaurant_id":"%s","categories":[{"id":"0193a5c0-0000-7000-8000-0000000000e1","name":"Rice","position":0}],
         "items":[{"id":"0193a5c0-0000-7000-8000-0000000000b1","category_id":null,"name":"Bibimbap","description":null,
           "image_url":"https://img.example/b.png","price":8000,"base_price":9000,
           "price_rule":{"id":"0193a5c0-0000-7000-8000-0000000000d1","name":"Lunch"},"available":true,"stock":3,
           "sold_out":false,"option_groups":[{"id":"0193a5c0-0000-7000-8000-0000000000f1",
             "item_id":"0193a5c0-0000-7000-8000-0000000000b1","name":"Size","min":1,"max":1,
             "options":[{"id":"0193a5c0-0000-7000-8000-0000000000c1","name":"Large","price_delta":1000,"available":true,"calories":900}]}],
           "version":4,"updated_at":"2026-11-24T06:00:00Z","allergens":["egg"]}],
         "price_rules":[{"id":"0193a5c0-0000-7000-8000-0000000000d1","name":"Lunch","kind":"BUY_ONE_GET_ONE","value":10,
           "days":["MONDAY","FRIDAY"],"from":"11:30","to":"14:00","priority":2,"item_ids":[],"category_ids":[]}],
         "next_price_change_at":"2026-11-24T05:00:00Z","currency":"KRW"}"""
            .formatted(RESTAURANT_ID));
    Menu menu = client.restaurants().myMenu();
    MenuItem item = menu.items().getFirst();
    assertEquals("https://img.example/b.png", item.imageUrl());
    assertEquals(8000, item.price());
    assertEquals(9000, item.basePrice());
    assertEquals("Lunch", item.priceRule().name());
    assertEquals(Instant.parse("2026-11-24T06:00:00Z"), item.updatedAt());
    OptionGroup size = item.optionGroups().getFirst();
    assertEquals(1, size.min());
    assertEquals(1000, size.options().getFirst().priceDelta());
    PriceRule rule = menu.priceRules().getFirst();
    assertEquals(PriceRule.Kind.UNKNOWN, rule.kind());
    assertEquals(List.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), rule.days());
    assertEquals(LocalTime.of(11, 30), rule.from());
    assertEquals(Instant.parse("2026-11-24T05:00:00Z"), menu.nextPriceChangeAt());
    assertEquals("/api/v1/restaurants/me/menu", server.onlyRequest().path());
  }

  @Test
  void theOwnersRestaurantHasHoursAndSettings() {
    server.reply(
        200,
        """
        {"id":"%s","name":"Seoul Kitchen","business_number":"123-45-67890","phone":null,"address":null,
         "time_zone":"Asia/Seoul","paused":false,"open_now":false,"next_opening_at":"2026-11-25T09:00:00Z",
         "opening_hours":{"weekly":[{"day":"FRIDAY","opens":"18:00","closes":"02:00"}],"holidays":["2026-12-25"],
           "closures":[{"from":"2026-12-31T00:00:00Z","to":"2027-01-01T00:00:00Z","reason":"New year"}]},
         "auto_accept":true,"prep_minutes":15,"payment_mode":"CRYPTO","require_staff_mfa":true,"order_prefix":"T",
         "tables":["1","테라스-3"],"guest_texts":["accepted","ready"],"daily_report":true,
         "weekly_report":false,"version":7,"created_at":"2026-11-01T00:00:00Z","updated_at":"2026-11-02T00:00:00Z",
         "loyalty":{"enabled":true}}"""
            .formatted(RESTAURANT_ID));
    Restaurant r = client.restaurants().me();
    assertEquals(RESTAURANT, r.id());
    assertFalse(r.openNow());
    assertEquals(Instant.parse("2026-11-25T09:00:00Z"), r.nextOpeningAt());
    assertEquals(
        new OpeningHours.Range(DayOfWeek.FRIDAY, LocalTime.of(18, 0), LocalTime.of(2, 0)),
        r.openingHours().weekly().getFirst());
    assertEquals(List.of(LocalDate.of(2026, 12, 25)), r.openingHours().holidays());
    assertEquals("New year", r.openingHours().closures().getFirst().reason());
    assertEquals(PaymentMode.UNKNOWN, r.paymentMode());
    assertTrue(r.requireStaffMfa());
    assertEquals("T", r.orderPrefix());
    assertEquals(List.of("1", "테라스-3"), r.tables());
    assertEquals(List.of("accepted", "ready"), r.guestTexts());
    assertTrue(r.dailyReport());
    assertFalse(r.weeklyReport());
    assertEquals(7L, r.version());
  }

  @Test
  void unknownOrderStatusFulfillmentAndRoleReadAsUnknown() {
    server.reply(
        200, Fixtures.order("ON_HOLD", 2).replace("\"DINE_IN\"", "\"DRONE\""), "X-Extra", "1");
    Order order = client.orders().get(UUID.fromString(Fixtures.ORDER_ID));
    assertEquals(OrderStatus.UNKNOWN, order.status());
    assertEquals(Fulfillment.UNKNOWN, order.fulfillment());
    assertFalse(order.status().terminal());

    server.reply(
        200,
        """
        {"id":"%s","email":"o@example.kr","name":"Park","phone":null,"role":"AUDITOR","created_at":"2026-11-24T03:00:00Z",
         "restaurant_id":null,"mfa_enabled":true,"memberships":[{"restaurant_id":"%s","role":"MANAGER"}],"avatar":null}"""
            .formatted(UUID.randomUUID(), RESTAURANT_ID));
    Profile me = client.auth().me();
    assertEquals(Role.UNKNOWN, me.role());
    assertTrue(me.mfaEnabled());
    assertEquals(Role.UNKNOWN, me.memberships().getFirst().role());
    assertNull(me.restaurantId());
  }

  @Test
  void aSettlementRangeHasEveryDay() {
    server.reply(
        200,
        """
        {"from":"2026-11-01","to":"2026-11-02","time_zone":"Asia/Seoul","days":[
         {"date":"2026-11-01","time_zone":"Asia/Seoul","from":"2026-10-31T15:00:00Z","to":"2026-11-01T15:00:00Z",
          "gross":10000,"refunds":0,"fee_rate":"0.034","fee":340,"net":9660,"payment_count":1,"refund_count":0,
          "methods":[{"method":"카드","payments":1,"gross":10000,"refunds":0,"refunded":0}]},
         {"date":"2026-11-02","time_zone":"Asia/Seoul","from":"2026-11-01T15:00:00Z","to":"2026-11-02T15:00:00Z",
          "gross":0,"refunds":0,"fee_rate":"0.034","fee":0,"net":0,"payment_count":0,"refund_count":0,"methods":[]}]}""");
    SettlementRange range =
        client.restaurants().settlements(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2));
    assertEquals(2, range.days().size());
    assertEquals(9660, range.days().getFirst().net());
    assertEquals("from=2026-11-01&to=2026-11-02", server.onlyRequest().rawQuery());
  }
}
