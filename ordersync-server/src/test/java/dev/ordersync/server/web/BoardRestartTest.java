package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ordersync.server.OrderSyncServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mid-shift the server stops and a new process starts on the same database and port: the board says
 * it lost the connection, comes back on its own, and shows the orders placed meanwhile.
 */
class BoardRestartTest {
  @RegisterExtension static final Browser browser = Browser.create();

  @Test
  void theBoardSurvivesARestartAndShowsWhatWasPlacedMeanwhile() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-keys");
    TestServer first =
        TestServer.start(
            Map.of("ORDERSYNC_KEYS_DIR", keys.toString()), OrderSyncServer.Limits.none());
    TestServer second = null;
    try {
      int port = first.port();
      Scenario story = new Scenario(first.api());
      Scenario.Owner owner = story.anOwnerWithARestaurant("재시작 식당");
      String item = story.anItem(owner, "김밥", 4000, null);
      String before = story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");

      Browser.Window w = browser.window().size(Browser.TABLET);
      BoardFixtures.signIn(w, port, owner.email(), BoardFixtures.PASSWORD);
      BoardFixtures.waitLive(w);
      BoardFixtures.card(w, before, Duration.ofSeconds(3));

      first.stopServerOnly();
      w.waitFor(
          Duration.ofSeconds(5),
          d -> "reconnecting".equals(w.testId("connection-status").getAttribute("data-state")));
      w.testId("board-offline");

      second =
          TestServer.startOn(
              first.database(),
              Map.of("ORDERSYNC_KEYS_DIR", keys.toString(), "ORDERSYNC_PORT", String.valueOf(port)),
              OrderSyncServer.Limits.none());
      assertEquals(port, second.port());
      Scenario again = new Scenario(second.api());
      List<String> meanwhile = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        meanwhile.add(again.anAnonymousOrder(owner.restaurantId(), item, 1).text("id"));
      }
      w.waitFor(
          Duration.ofSeconds(20),
          d -> "live".equals(w.testId("connection-status").getAttribute("data-state")));
      for (String id : meanwhile) {
        BoardFixtures.card(w, id, Duration.ofSeconds(3));
      }
      w.waitFor(
          Duration.ofSeconds(3), d -> w.all("board-offline").get(0).isDisplayed() ? null : true);
      assertEquals(
          4L,
          ((Number)
                  w.script("return document.querySelectorAll(\"[data-testid=order-card]\").length"))
              .longValue());

      // And the board works on the new process: a move goes through.
      BoardFixtures.action(BoardFixtures.card(w, meanwhile.get(0), Duration.ofSeconds(2)), "accept")
          .click();
      BoardFixtures.cardInStatus(w, meanwhile.get(0), "ACCEPTED");
      assertEquals(
          List.of(), w.consoleErrors().stream().filter(e -> !e.contains("WebSocket")).toList());
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
