package dev.ordersync.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.order.Customer;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.core.order.OrderNumber;
import dev.ordersync.core.restaurant.GuestText;
import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.restaurant.PaymentMode;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.Won;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every guest text fits one short message (90 EUC-KR bytes) for the names restaurants have. */
class TextLengthTest {
  private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");
  private static final Charset MS949 = Charset.forName("x-windows-949");

  private static Restaurant restaurant(String name) {
    return new Restaurant(
        UUID.randomUUID(),
        name,
        BusinessNumber.parse("220-81-62517"),
        null,
        null,
        Restaurant.DEFAULT_TIME_ZONE,
        false,
        false,
        15,
        PaymentMode.AT_COUNTER,
        false,
        OpeningHours.ALWAYS,
        null,
        List.of(),
        java.util.Set.of(GuestText.values()),
        1,
        AT,
        AT);
  }

  private static Order order(Restaurant r, String number, Fulfillment f) {
    UUID itemId = UUID.randomUUID();
    OrderLine line = OrderLine.of(itemId, "떡볶이", Won.of(6000), 1);
    return Order.create(
            UUID.randomUUID(),
            r.id(),
            new OrderNumber(number),
            false,
            f,
            null,
            null,
            new Customer(null, "Kim", PhoneNumber.parse("010-1234-5678"), true),
            List.of(line),
            Won.ZERO,
            AT)
        .order();
  }

  private static List<Order.Change> everyTextedChange(Order placed) {
    Order.Change accepted = placed.accept(240, AT);
    Order.Change started = accepted.order().start(AT);
    Order.Change ready = started.order().markReady(AT);
    Order.Change rejected = placed.reject("재료가 모두 소진되었습니다", AT);
    Order.Change canceled = accepted.order().cancelByRestaurant("주방 설비 고장으로 조리 불가", AT);
    Order.Change refunded = placed.refunded(1_234_000, 0, AT);
    return List.of(accepted, ready, rejected, canceled, refunded);
  }

  @Test
  void countsAsCarriersDo() {
    assertEquals(5, TextLength.bytes("A-012"));
    assertEquals(8, TextLength.bytes("오더싱크"));
    String sample = "[오더싱크 데모 식당] 주문 A-012 접수되었습니다. 12:40쯤 준비됩니다.";
    assertEquals(sample.getBytes(MS949).length, TextLength.bytes(sample));
    assertEquals("오더..", TextLength.shorten("오더싱크 데모 식당", 6));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "오더싱크 데모 식당",
        "Seoul Kitchen",
        "명동교자 본점",
        "할머니 손맛 떡볶이 연남점",
        "BHC치킨 강남역2호점",
        "스타벅스 서울대입구역 사거리점",
        "Paris Baguette Gangnam Station Branch",
      })
  void everyTextOfARealisticRestaurantIsOneShortMessage(String name) {
    Restaurant r = restaurant(name);
    for (Fulfillment f : Fulfillment.values()) {
      for (String number : List.of("A-012", "TKO-999")) {
        for (Order.Change c : everyTextedChange(order(r, number, f))) {
          Notification n = GuestTexts.of(c.order(), c.event(), r).orElseThrow();
          String body = n.message().body();
          assertTrue(
              TextLength.bytes(body) <= TextLength.SMS_BYTES,
              body + ": " + TextLength.bytes(body) + " bytes");
          assertEquals(body.getBytes(MS949).length, TextLength.bytes(body), body);
          assertNull(n.message().subject(), body);
          assertTrue(body.contains(number), body);
          assertTrue(!body.contains("http"), "no links: " + body);
        }
      }
    }
  }

  @Test
  void aLongRestaurantNameIsShortenedBeforeTheTextBecomesALongMessage() {
    Restaurant r = restaurant("아주 길고 긴 이름을 가진 우리 동네에서 제일 맛있는 떡볶이와 순대와 튀김을 파는 분식집 본점");
    Order placed = order(r, "A-012", Fulfillment.TAKEOUT);
    Order.Change accepted = placed.accept(15, AT);
    Message m = GuestTexts.of(accepted.order(), accepted.event(), r).orElseThrow().message();
    assertTrue(TextLength.fitsSms(m.body()), m.body());
    assertTrue(m.body().startsWith("[아주 길고"), m.body());
    assertTrue(m.body().contains("..] 주문 A-012 접수되었습니다. 12:15쯤 준비됩니다."), m.body());
  }

  @Test
  void aLongReasonMakesALongMessageWithATitle() {
    Restaurant r = restaurant("오더싱크 데모 식당");
    Order placed = order(r, "A-012", Fulfillment.TAKEOUT);
    String reason = "오늘은 단체 예약이 많아 주방이 더 이상 주문을 받을 수 없습니다. 다음에 꼭 다시 찾아 주세요. 죄송합니다.";
    Order.Change rejected = placed.reject(reason, AT);
    Message m = GuestTexts.of(rejected.order(), rejected.event(), r).orElseThrow().message();
    assertTrue(TextLength.bytes(m.body()) > TextLength.SMS_BYTES);
    assertTrue(m.body().endsWith(reason), "the whole reason: " + m.body());
    assertTrue(m.body().startsWith("[오더싱크 데모 식당]"), m.body());
    assertNotNull(m.subject());
    assertTrue(TextLength.bytes(m.subject()) <= 44, "an LMS title is at most 44 bytes");
  }
}
