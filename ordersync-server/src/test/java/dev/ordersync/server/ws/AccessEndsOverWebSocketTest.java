package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A socket is authenticated at connect, but it does not outlive the session or the access it was
 * opened with.
 */
class AccessEndsOverWebSocketTest {
  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
          Map.of("ORDERSYNC_WS_PING_INTERVAL", "PT1S", "ORDERSYNC_WS_RECHECK_INTERVAL", "PT1S"));

  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @Test
  void loggingOutClosesTheSocketsOfTheSessionWith4401() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Logout Kitchen");
    String item = story.anItem(owner, "Sundae", 8000, null);
    String email = "cust-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String customer = story.login(email);
    Api.Response placed =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), customer);
    assertEquals(201, placed.status(), placed::toString);
    try (LiveClient feed =
            LiveClient.connect(
                server.port(), "/ws/restaurants/me/orders?access_token=" + owner.token());
        LiveClient order =
            LiveClient.connect(
                server.port(),
                "/ws/orders/" + placed.text("id") + "/status?access_token=" + customer)) {
      assertEquals("snapshot", feed.next().path("type").asText());
      assertEquals("snapshot", order.next().path("type").asText());
      assertEquals(204, api.post("/api/v1/auth/logout", null, owner.token()).status());
      assertEquals(204, api.post("/api/v1/auth/logout", null, customer).status());
      assertEquals(4401, feed.closeCode(10));
      assertEquals(4401, order.closeCode(10));
    }
  }
}
