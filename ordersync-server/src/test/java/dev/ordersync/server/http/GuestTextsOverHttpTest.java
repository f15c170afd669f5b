package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.TextLength;
import dev.ordersync.server.Api;
import dev.ordersync.server.RecordedNotifications;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.toss.FakeToss;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A guest who gave a phone and agreed to texts is texted about the changes of their order that the
 * restaurant chose, recorded in the change's transaction; without a phone, without consent or with
 * the kind turned off, nothing is.
 */
class GuestTextsOverHttpTest {
  static final RecordedNotifications texts = new RecordedNotifications();

  @RegisterExtension
  static final RunningServer server =
      RunningServer.create().withFakeToss("test_sk_guest_texts").withNotificationsIn(texts);

  static final Api api = server.api();
  static final Scenario scenario = server.scenario();
  static final AtomicInteger phones = new AtomicInteger(1000);
  static Scenario.Owner owner;
  static String item;

  @BeforeAll
  static void aRestaurant() {
    owner = scenario.anOwnerWithARestaurant("오더싱크 데모 식당");
    item = scenario.anItem(owner, "Tteokbokki", 6000, null);
  }

  /** A phone no other test uses, as the guest types it. */
  static String aPhone() {
    return "010-5555-" + phones.incrementAndGet();
  }

  static String digits(String phone) {
    return phone.replace("-", "");
  }

  static Api.Response order(Scenario.Owner at, String customer) {
    return api.post(
        "/api/v1/orders",
        "{\"restaurant_id\":\""
            + at.restaurantId()
            + "\",\"items\":[{\"menu_item_id\":\""
            + item
            + "\",\"quantity\":1}],"
            + (customer == null ? "" : "\"customer\":" + customer + ",")
            + "\"fulfillment\":\"TAKEOUT\"}",
        null);
  }

  static String placed(String phone, boolean consent) {
    Api.Response r =
        order(
            owner,
            "{\"name\":\"Lee\",\"phone\":\"" + phone + "\",\"sms_consent\":" + consent + "}");
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  static void move(String id, String step, String body) {
    Api.Response r =
        api.post("/api/v1/restaurants/me/orders/" + id + "/" + step, body, owner.token());
    assertEquals(200, r.status(), r::toString);
  }

  static void chooseTexts(String json) {
    Api.Response r =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"guest_texts\":" + json + "}",
            owner.token(),
            null,
            null);
    assertEquals(200, r.status(), r::toString);
  }

  @Test
  void aGuestWhoAgreedIsTextedOnAcceptAndOnReadyInTheChangesTransaction() {
    String phone = aPhone();
    Api.Response r =
        order(owner, "{\"name\":\"Lee\",\"phone\":\"" + phone + "\",\"sms_consent\":true}");
    assertEquals(201, r.status(), r::toString);
    assertTrue(r.json().path("customer").path("sms_consent").asBoolean(), r::toString);
    String id = r.text("id");
    String number = r.text("number");
    move(id, "accept", "{\"prep_minutes\":20}");
    move(id, "start", null);
    move(id, "ready", null);
    move(id, "complete", null);

    List<Notification> sent = texts.to(digits(phone));
    assertEquals(
        List.of(NotificationKind.ORDER_ACCEPTED, NotificationKind.ORDER_READY),
        sent.stream().map(Notification::kind).toList());
    String accepted = sent.get(0).message().body();
    assertTrue(
        accepted.matches("\\[오더싱크 데모 식당\\] 주문 " + number + " 접수되었습니다\\. \\d\\d:\\d\\d쯤 준비됩니다\\."),
        accepted);
    assertTrue(TextLength.fitsSms(accepted), accepted);
    assertEquals("[오더싱크 데모 식당] 주문 " + number + " 준비되었습니다. 찾아가세요.", sent.get(1).message().body());
    assertEquals(id, sent.get(0).subjectId().toString(), "the guest's subject is the order");
    Api.Response board = api.get("/api/v1/orders/" + id, owner.token());
    assertTrue(board.json().path("customer").path("sms_consent").asBoolean(), board::toString);
  }

  @Test
  void noPhoneOrNoConsentNoText() {
    String phone = aPhone();
    String without = placed(phone, false);
    Api.Response anonymous = order(owner, null);
    assertEquals(201, anonymous.status(), anonymous::toString);
    Api.Response nameOnly = order(owner, "{\"name\":\"Park\"}");
    assertEquals(201, nameOnly.status(), nameOnly::toString);
    int before = texts.all().size();
    for (String id : List.of(without, anonymous.text("id"), nameOnly.text("id"))) {
      move(id, "accept", "{}");
      move(id, "start", null);
      move(id, "ready", null);
    }
    assertTrue(texts.to(digits(phone)).isEmpty(), texts.all()::toString);
    assertEquals(before, texts.all().size(), "no text at all");
  }

  @Test
  void consentMustBeABooleanAndNeedsAMobilePhone() {
    Api.Response text = order(owner, "{\"phone\":\"010-1234-5678\",\"sms_consent\":\"yes\"}");
    assertEquals(400, text.status(), text::toString);
    assertEquals("customer.sms_consent", text.json().path("errors").path(0).path("field").asText());
    Api.Response noPhone = order(owner, "{\"name\":\"Lee\",\"sms_consent\":true}");
    assertEquals(422, noPhone.status(), noPhone::toString);
    assertEquals(
        "customer.sms_consent", noPhone.json().path("errors").path(0).path("field").asText());
    assertTrue(
        noPhone.json().path("errors").path(0).path("message").asText().contains("customer.phone"),
        noPhone::toString);
    Api.Response badPhone = order(owner, "{\"phone\":\"12\",\"sms_consent\":true}");
    assertEquals(422, badPhone.status(), badPhone::toString);
    assertEquals(1, badPhone.json().path("errors").size(), "the phone is named, once");
    assertEquals("customer.phone", badPhone.json().path("errors").path(0).path("field").asText());
  }

  @Test
  void theRestaurantChoosesWhichChangesTextAndRejectionsAndCancellationsCarryTheReason() {
    Api.Response mine = api.get("/api/v1/restaurants/me", owner.token());
    assertEquals(List.of("accepted", "ready"), strings(mine, "guest_texts"), mine::toString);
    Api.Response wrong =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"guest_texts\":[\"ready\",\"shipped\"]}",
            owner.token(),
            null,
            null);
    assertEquals(422, wrong.status(), wrong::toString);
    assertEquals("guest_texts[1]", wrong.json().path("errors").path(0).path("field").asText());
    try {
      chooseTexts("[\"rejected\",\"canceled\"]");
      String phone = aPhone();
      String rejected = placed(phone, true);
      move(rejected, "reject", "{\"reason\":\"재료 소진\"}");
      String canceled = placed(phone, true);
      move(canceled, "accept", "{}");
      move(canceled, "cancel", "{\"reason\":\"가스 고장\"}");
      List<Notification> sent = texts.to(digits(phone));
      assertEquals(
          List.of(NotificationKind.ORDER_REJECTED, NotificationKind.ORDER_CANCELED),
          sent.stream().map(Notification::kind).toList(),
          "accepted is off now");
      assertTrue(sent.get(0).message().body().endsWith("접수되지 못했습니다. 사유: 재료 소진"));
      assertTrue(sent.get(1).message().body().endsWith("취소되었습니다. 사유: 가스 고장"));

      chooseTexts("[]");
      String silent = placed(phone, true);
      move(silent, "accept", "{}");
      move(silent, "start", null);
      move(silent, "ready", null);
      assertEquals(2, texts.to(digits(phone)).size(), "every text turned off");
    } finally {
      chooseTexts("[\"accepted\",\"ready\"]");
    }
  }

  @Test
  void aRefundIsTextedWithItsAmountWhenChosen(FakeToss toss) {
    Scenario.Owner online = scenario.anOwnerWithARestaurant("온라인 분식");
    Api.Response settings =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"payment_mode\":\"ONLINE\",\"guest_texts\":[\"refunded\"]}",
            online.token(),
            null,
            null);
    assertEquals(200, settings.status(), settings::toString);
    String dish = scenario.anItem(online, "Bibimbap", 9000, null);
    String phone = aPhone();
    Api.Response r =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + online.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + dish
                + "\",\"quantity\":1}],\"customer\":{\"phone\":\""
                + phone
                + "\",\"sms_consent\":true},\"fulfillment\":\"TAKEOUT\"}",
            null);
    assertEquals(201, r.status(), r::toString);
    String id = r.text("id");
    String pk = "tpk_" + java.util.UUID.randomUUID().toString().replace("-", "");
    toss.authorize(pk, id, 9000, "카드");
    Api.Response paid =
        api.post(
            "/api/v1/payments/confirm",
            "{\"payment_key\":\"" + pk + "\",\"order_id\":\"" + id + "\",\"amount\":9000}",
            r.text("order_token"));
    assertEquals(200, paid.status(), paid::toString);
    Api.Response refund =
        api.post(
            "/api/v1/restaurants/me/orders/" + id + "/refund",
            "{\"amount\":3000,\"reason\":\"missing side\"}",
            online.token());
    assertEquals(201, refund.status(), refund::toString);

    List<Notification> sent = texts.to(digits(phone));
    assertEquals(
        List.of(NotificationKind.ORDER_REFUNDED), sent.stream().map(Notification::kind).toList());
    assertTrue(sent.getFirst().message().body().endsWith("3,000원 환불되었습니다."), sent::toString);
  }

  @Test
  void afterTheGuestErasedTheirDataNoTextIsRecorded() {
    String phone = aPhone();
    Api.Response r =
        order(owner, "{\"name\":\"Lee\",\"phone\":\"" + phone + "\",\"sms_consent\":true}");
    String id = r.text("id");
    move(id, "accept", "{}");
    Api.Response erased =
        api.send(
            "DELETE",
            "/api/v1/orders/" + id + "/customer",
            null,
            r.text("order_token"),
            null,
            null);
    assertEquals(204, erased.status(), erased::toString);
    Api.Response after = api.get("/api/v1/orders/" + id, owner.token());
    assertEquals(
        false, after.json().path("customer").path("sms_consent").asBoolean(true), after::toString);
    move(id, "start", null);
    move(id, "ready", null);
    assertEquals(
        List.of(NotificationKind.ORDER_ACCEPTED),
        texts.to(digits(phone)).stream().map(Notification::kind).toList());
  }

  private static List<String> strings(Api.Response r, String field) {
    List<String> out = new java.util.ArrayList<>();
    r.json().path(field).forEach(n -> out.add(n.asText()));
    return out;
  }
}
