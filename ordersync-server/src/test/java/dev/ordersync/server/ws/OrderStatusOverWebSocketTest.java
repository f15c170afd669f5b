package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderStatusOverWebSocketTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();
  static Scenario.Owner owner;
  static String item;

  @BeforeAll
  static void aRestaurantWithADish() {
    owner = story.anOwnerWithARestaurant("Jongno Dumplings");
    item = story.anItem(owner, "Mandu", 7000, null);
  }

  record Placed(String id, String token) {}

  static Placed anOrder() {
    Api.Response r = story.anAnonymousOrder(owner.restaurantId(), item, 1);
    return new Placed(r.text("id"), r.text("order_token"));
  }

  static void move(String orderId, String step) {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/orders/" + orderId + "/" + step,
            step.equals("accept") ? "{\"prep_minutes\":15}" : null,
            owner.token());
    assertEquals(200, r.status(), r::toString);
  }

  static String statusPath(String orderId) {
    return "/ws/orders/" + orderId + "/status";
  }

  @Test
  void theCustomerSeesASnapshotThenEveryChangeInOrder() {
    Placed order = anOrder();
    try (LiveClient c =
        LiveClient.connect(
            server.port(), statusPath(order.id()) + "?access_token=" + order.token())) {
      JsonNode snapshot = c.next();
      assertEquals("snapshot", snapshot.path("type").asText());
      assertEquals(1, snapshot.path("seq").asLong());
      assertEquals("PLACED", snapshot.path("order").path("status").asText());
      assertEquals(
          "Lee",
          snapshot.path("order").path("customer").path("name").asText(),
          "the caller may see its order");

      List<String> steps = List.of("accept", "start", "ready", "complete");
      List<String> statuses = List.of("ACCEPTED", "PREPARING", "READY", "COMPLETED");
      for (String step : steps) {
        move(order.id(), step);
      }
      for (int i = 0; i < steps.size(); i++) {
        JsonNode event = c.next();
        assertEquals("order.status_changed", event.path("type").asText(), event::toString);
        assertEquals(i + 2, event.path("seq").asLong(), event::toString);
        assertEquals(statuses.get(i), event.path("order").path("status").asText());
        assertNotNull(UUID.fromString(event.path("event_id").asText()));
        assertTrue(
            event.path("feed_seq").isMissingNode(),
            "a customer is not told the restaurant's feed position");
      }
      assertNull(c.poll(300), "nothing more, nothing twice");
    }
  }

  @Test
  void aSignedInCustomerAuthenticatesWithTheFirstMessage() {
    String email = "cust-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String token = story.login(email);
    Api.Response placed =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 2), token);
    assertEquals(201, placed.status(), placed::toString);
    try (LiveClient c = LiveClient.connect(server.port(), statusPath(placed.text("id")))) {
      c.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      JsonNode snapshot = c.next();
      assertEquals("snapshot", snapshot.path("type").asText());
      move(placed.text("id"), "accept");
      assertEquals("ACCEPTED", c.next().path("order").path("status").asText());
    }
    try (LiveClient c =
        LiveClient.connectWithHeader(server.port(), statusPath(placed.text("id")), token)) {
      assertEquals(2, c.next().path("seq").asLong(), "an Authorization header works too");
    }
  }

  @Test
  void aSocketThatNeverSendsACredentialIsClosedAfterTenSeconds() {
    Placed order = anOrder();
    try (LiveClient c = LiveClient.connect(server.port(), statusPath(order.id()))) {
      assertNull(c.poll(8_000), "nothing is sent before a credential");
      assertFalse(c.isClosed(), "the first message may take up to ten seconds");
      assertEquals(4401, c.closeCode(5), "then the socket is closed as unauthenticated");
    }
  }

  @Test
  void wrongOrMissingCredentialsAreRefusedAndRevealNothing() {
    Placed order = anOrder();
    Placed other = anOrder();
    try (LiveClient c = LiveClient.connect(server.port(), statusPath(order.id()))) {
      c.sendText("{\"type\":\"hello\"}");
      assertEquals(4401, c.closeCode(5), "a first message that is not an auth message");
    }
    try (LiveClient c =
        LiveClient.connect(server.port(), statusPath(order.id()) + "?access_token=nonsense")) {
      assertEquals(4401, c.closeCode(5), "an invalid access token");
    }
    try (LiveClient c =
        LiveClient.connect(
            server.port(), statusPath(order.id()) + "?access_token=" + other.token())) {
      assertEquals(
          4403,
          c.closeCode(5),
          "another order's token: a valid credential that does not cover this order");
      assertNull(c.poll(0), "and not one message about the order");
    }
    String email = "nosy-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String stranger = story.login(email);
    try (LiveClient c =
        LiveClient.connect(server.port(), statusPath(order.id()) + "?access_token=" + stranger)) {
      assertEquals(4403, c.closeCode(5), "an order of someone else: refused, nothing of it shown");
      assertNull(c.poll(0), "and not one message about the order");
    }
    try (LiveClient c =
        LiveClient.connect(
            server.port(),
            statusPath(UUID.randomUUID().toString()) + "?access_token=" + stranger)) {
      assertEquals(4404, c.closeCode(5), "an unknown order");
    }
    try (LiveClient c =
        LiveClient.connect(server.port(), "/ws/restaurants/me/orders?access_token=" + stranger)) {
      assertEquals(4403, c.closeCode(5), "a customer on a restaurant's feed");
    }
    try (LiveClient c =
        LiveClient.connect(
            server.port(), "/ws/restaurants/me/orders?access_token=" + order.token())) {
      assertEquals(4401, c.closeCode(5), "an order token on a restaurant's feed");
    }
  }

  @Test
  void aClientCutOffMidwayResumesWithItsLastEventIdAndMissesNothing() {
    Placed order = anOrder();
    String base = statusPath(order.id()) + "?access_token=" + order.token();
    String lastEventId;
    try (LiveClient c = LiveClient.connect(server.port(), base)) {
      c.next(); // snapshot
      move(order.id(), "accept");
      JsonNode accepted = c.next();
      assertEquals(2, accepted.path("seq").asLong());
      lastEventId = accepted.path("event_id").asText();
      c.abort();
    }
    move(order.id(), "start");
    move(order.id(), "ready");
    try (LiveClient c = LiveClient.connect(server.port(), base + "&last_event_id=" + lastEventId)) {
      List<JsonNode> replayed = c.next(2);
      assertEquals(3, replayed.get(0).path("seq").asLong());
      assertEquals("PREPARING", replayed.get(0).path("order").path("status").asText());
      assertEquals(4, replayed.get(1).path("seq").asLong());
      move(order.id(), "complete");
      JsonNode live = c.next();
      assertEquals(5, live.path("seq").asLong(), "then live, with no gap and no duplicate");
      assertEquals("COMPLETED", live.path("order").path("status").asText());
      assertNull(c.poll(300));
    }
    try (LiveClient c = LiveClient.connect(server.port(), base + "&last_seq=3")) {
      assertEquals(List.of(4L, 5L), c.next(2).stream().map(m -> m.path("seq").asLong()).toList());
      assertNull(c.poll(300));
    }
  }

  @Test
  void anUnknownLastEventIdIsAnsweredWithAReloadNoticeAndAFreshSnapshot() {
    Placed order = anOrder();
    Placed other = anOrder();
    String otherEvent;
    try (LiveClient c =
        LiveClient.connect(
            server.port(), statusPath(other.id()) + "?access_token=" + other.token())) {
      c.next();
      move(other.id(), "accept");
      otherEvent = c.next().path("event_id").asText();
    }
    for (String id : List.of(UUID.randomUUID().toString(), otherEvent)) {
      try (LiveClient c =
          LiveClient.connect(
              server.port(),
              statusPath(order.id()) + "?access_token=" + order.token() + "&last_event_id=" + id)) {
        JsonNode notice = c.next();
        assertEquals("reload", notice.path("type").asText());
        JsonNode snapshot = c.next();
        assertEquals("snapshot", snapshot.path("type").asText());
        assertEquals(1, snapshot.path("seq").asLong());
        assertFalse(c.isClosed());
      }
    }
    try (LiveClient c =
        LiveClient.connect(
            server.port(),
            statusPath(order.id()) + "?access_token=" + order.token() + "&last_seq=x")) {
      assertEquals(4400, c.closeCode(5));
    }
  }

  @Test
  void theLiveMetersAreOnTheManagementListener() throws Exception {
    Placed order = anOrder();
    try (LiveClient c =
        LiveClient.connect(
            server.port(), statusPath(order.id()) + "?access_token=" + order.token())) {
      c.next();
      move(order.id(), "accept");
      c.next();
      String metrics = server.testServer().metrics();
      for (String meter :
          List.of(
              "ordersync_ws_open",
              "ordersync_ws_messages_sent_total",
              "ordersync_ws_delivery_seconds_count",
              "ordersync_ws_slow_closed_total",
              "ordersync_ws_dead_reaped_total")) {
        assertTrue(
            metrics.contains(meter),
            meter + " in " + metrics.lines().filter(l -> l.contains("ws")).toList());
      }
      double open =
          metrics
              .lines()
              .filter(l -> l.startsWith("ordersync_ws_open"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .findFirst()
              .orElse(0);
      assertTrue(open >= 1, "this socket is counted as open");
    }
  }
}
