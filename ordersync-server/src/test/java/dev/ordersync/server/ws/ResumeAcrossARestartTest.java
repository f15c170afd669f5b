package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.OrderSyncServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events live in the database, so a client resumes on a restarted server as on the same one.
 */
class ResumeAcrossARestartTest {
  @Test
  void aServerStoppingClosesWith1001AndTheClientResumesOnTheNextOneWithoutALoss() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-keys");
    Map<String, String> env = Map.of("ORDERSYNC_KEYS_DIR", keys.toString());
    TestServer first = TestServer.start(env, OrderSyncServer.Limits.none());
    TestServer second = null;
    try {
      Scenario story = new Scenario(first.api());
      Scenario.Owner owner = story.anOwnerWithARestaurant("Restart Kitchen");
      String item = story.anItem(owner, "Japchae", 9000, null);
      Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 1);
      String path =
          "/ws/orders/" + placed.text("id") + "/status?access_token=" + placed.text("order_token");
      String lastEventId;
      try (LiveClient c = LiveClient.connect(first.port(), path)) {
        c.next();
        Api.Response accepted =
            first
                .api()
                .post(
                    "/api/v1/restaurants/me/orders/" + placed.text("id") + "/accept",
                    "{\"prep_minutes\":10}",
                    owner.token());
        assertEquals(200, accepted.status());
        lastEventId = c.next().path("event_id").asText();
        first.stopServerOnly();
        assertEquals(1001, c.closeCode(10), "going away: resume elsewhere");
      }
      second = TestServer.startOn(first.database(), env, OrderSyncServer.Limits.none());
      for (String step : List.of("start", "ready")) {
        assertEquals(
            200,
            second
                .api()
                .post(
                    "/api/v1/restaurants/me/orders/" + placed.text("id") + "/" + step,
                    null,
                    owner.token())
                .status());
      }
      try (LiveClient c =
          LiveClient.connect(second.port(), path + "&last_event_id=" + lastEventId)) {
        List<JsonNode> missed = c.next(2);
        assertEquals(List.of(3L, 4L), missed.stream().map(m -> m.path("seq").asLong()).toList());
        assertEquals("READY", missed.get(1).path("order").path("status").asText());
        assertNull(c.poll(300));
      }
    } finally {
      if (second != null) {
        second.close();
      } else {
        first.database().close();
      }
      TestServer.deleteTree(keys);
    }
  }
}
