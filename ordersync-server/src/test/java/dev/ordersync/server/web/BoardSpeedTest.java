package dev.ordersync.server.web;

import static dev.ordersync.server.web.BoardFixtures.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With 200 open orders the board is ready within a second of loading (measured in the page from the
 * navigation's start to the last card drawn) and draws a new order within 100 ms of its message.
 */
class BoardSpeedTest {
  /**
   * The goals (1 s, 100 ms) are judged by bench/web.sh, which sets ordersync.bench on a
   * quiet machine; a CI run on two shared cores only guards against a gross regression (5x).
   */
  static final boolean BENCH = Boolean.getBoolean("ordersync.bench");

  static final double LOAD_LIMIT_MS = BENCH ? 1000 : 5000;
  static final double RENDER_LIMIT_MS = BENCH ? 100 : 500;

  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();

  @Test
  void twoHundredOpenOrdersLoadWithinASecondAndANewOneDrawsWithin100Ms() throws Exception {
    Scenario story = server.scenario();
    Scenario.Owner owner = story.anOwnerWithARestaurant("바쁜 식당");
    String item = story.anItem(owner, "국밥", 9000, null);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Api.Response>> placed = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        placed.add(pool.submit(() -> story.anAnonymousOrder(owner.restaurantId(), item, 1)));
      }
      for (Future<Api.Response> f : placed) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Browser.Window w = browser.window().size(Browser.TABLET);
    BoardFixtures.signIn(w, server.port(), owner.email(), BoardFixtures.PASSWORD);
    BoardFixtures.waitLive(w);
    w.waitFor(Duration.ofSeconds(5), d -> stat(w, "firstRenderCards") == 200);

    // The measured load: a reload signs in again through the cookie, opens the feed and draws.
    // Five reloads, judged by their median: the machine is shared, and one reload can land on a
    // moment when every core is busy elsewhere.
    double[] loads = new double[5];
    for (int i = 0; i < loads.length; i++) {
      w.driver().navigate().refresh();
      w.waitFor(Duration.ofSeconds(5), d -> stat(w, "firstRenderCards") == 200);
      loads[i] = stat(w, "firstRenderAt");
      System.out.println(
          "board load "
              + w.script(
                  "const n = performance.getEntriesByType('navigation')[0];"
                      + "const r = performance.getEntriesByType('resource').filter(e =>"
                      + " e.name.includes('/api/')).map(e => e.name.replace(/.*\\/api\\/v1/, '') + ' '"
                      + " + Math.round(e.startTime) + '+' + Math.round(e.duration));"
                      + "return JSON.stringify({domContentLoaded: Math.round(n.domContentLoadedEventEnd),"
                      + " stats: window.__boardStats, api: r});"));
    }
    double render = stat(w, "renderMs");
    java.util.Arrays.sort(loads);
    System.out.printf(
        "board with 200 open orders: navigation start to all cards %s ms, median %.0f (the"
            + " drawing itself %.0f ms; load average %.1f on %d cores)%n",
        java.util.Arrays.toString(loads),
        loads[2],
        render,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    assertTrue(loads[2] < LOAD_LIMIT_MS, "median load to 200 cards: " + loads[2] + " ms");
    assertEquals(
        200L,
        ((Number) w.script("return document.querySelectorAll('[data-testid=order-card]').length"))
            .longValue());

    double[] handled = new double[5];
    double[] painted = new double[5];
    for (int i = 0; i < handled.length; i++) {
      String id = story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
      BoardFixtures.card(w, id, Duration.ofSeconds(2));
      w.waitFor(
          Duration.ofSeconds(2),
          d ->
              id.equals(w.script("return window.__boardStats.lastOrderId"))
                      && !Double.isNaN(stat(w, "lastPaintMs"))
                  ? true
                  : null);
      handled[i] = stat(w, "lastMessageMs");
      painted[i] = stat(w, "lastPaintMs");
    }
    System.out.printf(
        "new order with 200 open: message handled in %s ms, on screen (next frame) in %s ms%n",
        java.util.Arrays.toString(handled), java.util.Arrays.toString(painted));
    for (int i = 0; i < handled.length; i++) {
      assertTrue(handled[i] < RENDER_LIMIT_MS, "handled: " + handled[i]);
      assertTrue(painted[i] < RENDER_LIMIT_MS, "painted: " + painted[i]);
    }
    // Still interactive: a tap moves an order at once.
    String first =
        (String)
            w.script("return document.querySelector('[data-testid=order-card]').dataset.orderId");
    BoardFixtures.action(BoardFixtures.card(w, first, Duration.ofSeconds(1)), "accept").click();
    BoardFixtures.cardInStatus(w, first, "ACCEPTED");
    assertEquals(List.of(), w.consoleErrors());
  }
}
