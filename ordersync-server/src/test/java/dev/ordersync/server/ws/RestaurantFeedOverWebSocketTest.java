package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestaurantFeedOverWebSocketTest {
  static final String FEED = "/ws/restaurants/me/orders";
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  static void move(Scenario.Owner owner, String orderId, String step) {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/orders/" + orderId + "/" + step,
            step.equals("accept") ? "{\"prep_minutes\":15}" : null,
            owner.token());
    assertEquals(200, r.status(), r::toString);
  }

  @Test
  void theOwnerSeesOpenOrdersThenNewAndChangedOnesButNoOtherRestaurants() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Gwangjang Market");
    Scenario.Owner neighbour = story.anOwnerWithARestaurant("Next Door");
    String item = story.anItem(owner, "Bindaetteok", 6000, null);
    String theirs = story.anItem(neighbour, "Tteokbokki", 5000, null);
    String open = story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
    String done = story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
    move(owner, done, "accept");
    for (String step : List.of("start", "ready", "complete")) {
      move(owner, done, step);
    }
    try (LiveClient c =
        LiveClient.connect(server.port(), FEED + "?access_token=" + owner.token())) {
      JsonNode snapshot = c.next();
      assertEquals("snapshot", snapshot.path("type").asText());
      assertEquals(6, snapshot.path("feed_seq").asLong(), "2 created + 4 changes so far");
      assertEquals(1, snapshot.path("orders").size(), "open orders only");
      assertEquals(open, snapshot.path("orders").get(0).path("id").asText());

      story.anAnonymousOrder(neighbour.restaurantId(), theirs, 1);
      String fresh = story.anAnonymousOrder(owner.restaurantId(), item, 2).text("id");
      move(owner, open, "accept");
      JsonNode created = c.next();
      assertEquals("order.created", created.path("type").asText());
      assertEquals(fresh, created.path("order").path("id").asText());
      assertEquals(7, created.path("feed_seq").asLong());
      assertEquals(1, created.path("seq").asLong());
      JsonNode accepted = c.next();
      assertEquals(open, accepted.path("order").path("id").asText());
      assertEquals(8, accepted.path("feed_seq").asLong());
      assertEquals(2, accepted.path("seq").asLong());
      assertNull(c.poll(300), "nothing from the restaurant next door");
    }
  }

  @Test
  void theFeedResumesFromItsLastEventIdWithoutGapsOrDuplicatesWhileOrdersKeepComing()
      throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Busy Kitchen");
    String item = story.anItem(owner, "Bibimbap", 9000, null);
    ExecutorService customers = Executors.newFixedThreadPool(4);
    try {
      LiveClient first = LiveClient.connect(server.port(), FEED + "?access_token=" + owner.token());
      assertEquals(0, first.next().path("feed_seq").asLong());
      List<Future<?>> placing = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        placing.add(customers.submit(() -> story.anAnonymousOrder(owner.restaurantId(), item, 1)));
      }
      List<JsonNode> seen = new ArrayList<>(first.next(10));
      first.abort();
      String last = seen.getLast().path("event_id").asText();
      for (Future<?> f : placing) {
        f.get();
      }
      try (LiveClient again =
          LiveClient.connect(
              server.port(), FEED + "?access_token=" + owner.token() + "&last_event_id=" + last)) {
        seen.addAll(again.next(30));
        assertNull(again.poll(300));
      }
      Set<String> orders = new HashSet<>();
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(
            i + 1,
            seen.get(i).path("feed_seq").asLong(),
            "feed positions in order, none missing or twice");
        assertTrue(orders.add(seen.get(i).path("order").path("id").asText()));
      }
      assertEquals(40, orders.size());
    } finally {
      customers.shutdownNow();
    }
  }

  @Test
  void aFeedResumeTooFarBackGetsAReloadNoticeAndASnapshot() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Old Cursor");
    try (LiveClient c =
        LiveClient.connect(
            server.port(), FEED + "?access_token=" + owner.token() + "&last_seq=5")) {
      JsonNode notice = c.next();
      assertEquals(
          "reload", notice.path("type").asText(), "a position beyond the feed is not replayable");
      assertEquals("snapshot", c.next().path("type").asText());
    }
  }
}
