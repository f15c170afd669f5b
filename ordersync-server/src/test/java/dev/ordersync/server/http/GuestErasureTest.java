package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18: a guest erases the personal data of their own order. Afterwards the page, the board,
 * the feed and the API show the order without name, phone or note; the order's data key is gone
 * (crypto-shredding); an open board hears {@code order.customer_erased}; a second erasure is 204
 * too.
 */
class GuestErasureTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  static Api.Response aGuestOrder(Scenario.Owner owner, String item, String token) {
    return aGuestOrder(owner, item, token, null);
  }

  static Api.Response aGuestOrder(
      Scenario.Owner owner, String item, String token, String idempotencyKey) {
    Api.Response r =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":1}],\"customer\":{\"name\":\"이서연\",\"phone\":\"010-1234-5678\"},"
                + "\"note\":\"문 앞에\",\"fulfillment\":\"TAKEOUT\"}",
            token,
            idempotencyKey);
    assertEquals(201, r.status(), r::toString);
    return r;
  }

  static void isErased(JsonNode order) {
    assertTrue(order.path("note").isNull(), order::toString);
    assertTrue(order.path("customer").path("name").isNull(), order::toString);
    assertTrue(order.path("customer").path("phone").isNull(), order::toString);
    assertTrue(order.path("customer").path("phone_masked").isNull(), order::toString);
  }

  static boolean subjectKeyExists(String subject) throws Exception {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM subject_keys WHERE subject_id = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  @Test
  void theGuestErasesTheirOrdersPersonalDataAndEveryViewShowsItWithout() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Forgetful Kitchen");
    String item = story.anItem(owner, "Sundubu", 9000, null);
    String key = UUID.randomUUID().toString();
    Api.Response placed = aGuestOrder(owner, item, null, key);
    assertEquals("이서연", placed.json().path("customer").path("name").asText());
    String id = placed.text("id");
    String token = placed.text("order_token");
    assertTrue(subjectKeyExists("order:" + id), "an anonymous order with details has its own key");

    try (LiveClient board =
            LiveClient.connect(
                server.port(), "/ws/restaurants/me/orders?access_token=" + owner.token());
        LiveClient page =
            LiveClient.connect(
                server.port(), "/ws/orders/" + id + "/status?access_token=" + token)) {
      assertEquals("snapshot", board.next().path("type").asText());
      assertEquals("snapshot", page.next().path("type").asText());

      Api.Response erased =
          api.send("DELETE", "/api/v1/orders/" + id + "/customer", null, token, null, null);
      assertEquals(204, erased.status(), erased::toString);

      JsonNode onBoard = board.next();
      assertEquals("order.customer_erased", onBoard.path("type").asText(), onBoard::toString);
      assertEquals(id, onBoard.path("order").path("id").asText());
      assertEquals("PLACED", onBoard.path("order").path("status").asText());
      isErased(onBoard.path("order"));
      JsonNode onPage = page.next();
      assertEquals("order.customer_erased", onPage.path("type").asText(), onPage::toString);
      isErased(onPage.path("order"));
    }

    Api.Response mine = api.get("/api/v1/orders/" + id, token);
    assertEquals(200, mine.status(), mine::toString);
    isErased(mine.json());
    assertEquals(9000, mine.json().path("total").asLong(), "the business record stays");

    Api.Response list = api.get("/api/v1/restaurants/me/orders", owner.token());
    assertEquals(id, list.json().path("data").get(0).path("id").asText());
    isErased(list.json().path("data").get(0));

    try (LiveClient board =
        LiveClient.connect(
            server.port(), "/ws/restaurants/me/orders?access_token=" + owner.token())) {
      isErased(board.next().path("orders").get(0));
    }

    Api.Response phone =
        api.post("/api/v1/restaurants/me/orders/" + id + "/customer/phone", null, owner.token());
    assertEquals(200, phone.status(), phone::toString);
    assertTrue(phone.json().path("phone").isNull(), phone::toString);

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (subjectKeyExists("order:" + id) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(!subjectKeyExists("order:" + id), "the order's key is shredded");

    Api.Response replayed = aGuestOrder(owner, item, null, key);
    assertEquals("true", replayed.header("Idempotent-Replayed"), replayed::toString);
    assertEquals(id, replayed.text("id"));
    isErased(replayed.json());
    assertEquals(token, replayed.text("order_token"));

    Api.Response again =
        api.send("DELETE", "/api/v1/orders/" + id + "/customer", null, token, null, null);
    assertEquals(204, again.status(), again::toString);
    assertEquals(
        mine.json().path("version").asLong(),
        api.get("/api/v1/orders/" + id, token).json().path("version").asLong(),
        "a second erasure changes nothing");
  }

  @Test
  void aCustomerWithAnAccountErasesTheirOrderWithTheirAccessToken() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Account Kitchen");
    String item = story.anItem(owner, "Bulgogi", 12000, null);
    String email = "eraser-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String customer = story.login(email);
    String id = aGuestOrder(owner, item, customer).text("id");

    String strangerEmail = "stranger-" + UUID.randomUUID() + "@example.kr";
    story.register(strangerEmail, "CUSTOMER");
    String stranger = story.login(strangerEmail);
    assertEquals(
        404,
        api.send("DELETE", "/api/v1/orders/" + id + "/customer", null, stranger, null, null)
            .status());
    assertEquals(
        404,
        api.send("DELETE", "/api/v1/orders/" + id + "/customer", null, owner.token(), null, null)
            .status(),
        "the restaurant cannot erase a guest's data");
    assertEquals(
        401,
        api.send("DELETE", "/api/v1/orders/" + id + "/customer", null, null, null, null).status());

    assertEquals(
        204,
        api.send("DELETE", "/api/v1/orders/" + id + "/customer", null, customer, null, null)
            .status());
    isErased(api.get("/api/v1/orders/" + id, customer).json());
    isErased(api.get("/api/v1/orders/" + id, owner.token()).json());
  }
}
