package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: the restaurant's views (board, feed, moves) carry the note and the customer's name and
 * only a masked phone; the full phone is an explicit reveal, recorded as an access to personal data
 * naming who and which order; the customer's own view keeps the full phone.
 */
class BoardPrivacyTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();
  static String admin;

  @BeforeAll
  static void anAuditor() {
    String email = "privacy-auditor-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(email, "Auditor", "auditor password long"));
    admin =
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"auditor password long\"}",
                null)
            .text("access_token");
  }

  static Api.Response aGuestOrder(Scenario.Owner owner, String item) {
    Api.Response r =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":1}],\"customer\":{\"name\":\"이서연\",\"phone\":\"010-1234-5678\"},"
                + "\"note\":\"덜 맵게\",\"fulfillment\":\"TAKEOUT\"}",
            null);
    assertEquals(201, r.status(), r::toString);
    return r;
  }

  static void isMasked(JsonNode order) {
    JsonNode customer = order.path("customer");
    assertEquals("이서연", customer.path("name").asText(), order::toString);
    assertTrue(customer.has("phone") && customer.path("phone").isNull(), order::toString);
    assertEquals("010-****-5678", customer.path("phone_masked").asText(), order::toString);
    assertEquals("덜 맵게", order.path("note").asText(), order::toString);
  }

  @Test
  void theBoardTheMovesAndTheFeedShowTheNameAndNoteAndOnlyAMaskedPhone() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Masked Kitchen");
    String item = story.anItem(owner, "Tteokbokki", 7000, null);
    String listed = aGuestOrder(owner, item).text("id");

    Api.Response board = api.get("/api/v1/restaurants/me/orders", owner.token());
    assertEquals(200, board.status(), board::toString);
    assertEquals(listed, board.json().path("data").get(0).path("id").asText());
    isMasked(board.json().path("data").get(0));
    assertFalse(board.raw().body().contains("1234"), "no full phone on the board: " + board);

    Api.Response accepted =
        api.post("/api/v1/restaurants/me/orders/" + listed + "/accept", null, owner.token());
    assertEquals(200, accepted.status(), accepted::toString);
    isMasked(accepted.json());

    Api.Response detail = api.get("/api/v1/orders/" + listed, owner.token());
    assertEquals(200, detail.status(), detail::toString);
    isMasked(detail.json());

    try (LiveClient feed =
        LiveClient.connect(
            server.port(), "/ws/restaurants/me/orders?access_token=" + owner.token())) {
      JsonNode snapshot = feed.next();
      assertEquals("snapshot", snapshot.path("type").asText());
      isMasked(snapshot.path("orders").get(0));

      String fresh = aGuestOrder(owner, item).text("id");
      JsonNode created = feed.next();
      assertEquals("order.created", created.path("type").asText(), created::toString);
      assertEquals(fresh, created.path("order").path("id").asText());
      isMasked(created.path("order"));

      Api.Response started =
          api.post("/api/v1/restaurants/me/orders/" + listed + "/start", null, owner.token());
      assertEquals(200, started.status(), started::toString);
      JsonNode moved = feed.next();
      assertEquals("order.status_changed", moved.path("type").asText(), moved::toString);
      isMasked(moved.path("order"));
      isMasked(started.json());
    }
  }

  @Test
  void theCustomerSeesTheirOwnFullPhone() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Own Phone Kitchen");
    String item = story.anItem(owner, "Gimbap", 4000, null);
    Api.Response placed = aGuestOrder(owner, item);
    assertEquals("010-1234-5678", placed.json().path("customer").path("phone").asText());
    Api.Response mine = api.get("/api/v1/orders/" + placed.text("id"), placed.text("order_token"));
    assertEquals(200, mine.status(), mine::toString);
    assertEquals("010-1234-5678", mine.json().path("customer").path("phone").asText());
    assertEquals("010-****-5678", mine.json().path("customer").path("phone_masked").asText());
  }

  @Test
  void revealingThePhoneAnswersItAndRecordsWhoWhenAndWhichOrder() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Reveal Kitchen");
    Scenario.Owner other = story.anOwnerWithARestaurant("Nosy Kitchen");
    String item = story.anItem(owner, "Mandu", 6000, null);
    String order = aGuestOrder(owner, item).text("id");
    String ownerId = api.get("/api/v1/auth/me", owner.token()).text("id");

    Api.Response foreign =
        api.post("/api/v1/restaurants/me/orders/" + order + "/customer/phone", null, other.token());
    assertEquals(404, foreign.status(), foreign::toString);
    assertEquals(List.of(), accesses("subject=order:" + order));

    Api.Response revealed =
        api.post("/api/v1/restaurants/me/orders/" + order + "/customer/phone", null, owner.token());
    assertEquals(200, revealed.status(), revealed::toString);
    assertEquals("010-1234-5678", revealed.text("phone"));
    assertEquals("no-store", revealed.header("Cache-Control"));

    List<JsonNode> records = accesses("subject=order:" + order);
    assertEquals(1, records.size(), records::toString);
    JsonNode r = records.getFirst();
    assertEquals("order_customer_phone", r.path("view").asText());
    assertEquals(List.of("customer_phone"), texts(r.path("fields")));
    assertEquals(List.of("order:" + order), texts(r.path("subjects")));
    assertEquals(ownerId, r.path("actor").path("id").asText());
    assertEquals(revealed.header("X-Request-Id"), r.path("request_id").asText());
    assertFalse(r.path("time").asText("").isEmpty(), r::toString);

    Api.Response withBody =
        api.post(
            "/api/v1/restaurants/me/orders/" + order + "/customer/phone",
            "{\"why\":1}",
            owner.token());
    assertEquals(400, withBody.status(), withBody::toString);
  }

  @Test
  void theGuestPageLearnsThatOnlinePaymentIsOffWithoutAClientKey() {
    Api.Response window = api.get("/api/v1/payments/window", null);
    assertEquals(404, window.status(), window::toString);
    assertEquals("online_payment_unavailable", window.code());
  }

  static List<JsonNode> accesses(String query) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      server.sealAuditNow();
      try (var c = server.database().connect();
          var s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM audit.audit_pending")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          break;
        }
        assertTrue(System.nanoTime() < deadline, "records still pending");
        Thread.sleep(50);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    Api.Response r = api.get("/api/v1/admin/personal-data-access?" + query, admin);
    assertEquals(200, r.status(), r::toString);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("data").forEach(out::add);
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
