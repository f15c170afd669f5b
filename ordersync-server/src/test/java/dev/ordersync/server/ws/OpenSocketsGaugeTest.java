package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ordersync_ws_open} counts exactly the sockets the hub holds: a storm of clients that leave
 * at every moment of the opening (before the 101, right after it, after the snapshot, with or
 * without a closing handshake) brings it back to where it was, without waiting for the reaper.
 */
class OpenSocketsGaugeTest {
  private static final int STORM = 500;

  @Test
  void theGaugeReturnsToItsStartAfterAStormOfSocketsThatLeaveAbruptly() throws Exception {
    // Pings (which find dead sockets by failing to write) and the reaper are put far off, so only
    // exact counting can bring the gauge back in time.
    try (TestServer server = TestServer.start(Map.of("ORDERSYNC_WS_PING_INTERVAL", "PT10M"))) {
      Scenario story = new Scenario(server.api());
      Scenario.Owner owner = story.anOwnerWithARestaurant("Storm Noodles");
      String item = story.anItem(owner, "Naengmyeon", 11000, null);
      Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 1);
      String path =
          "/ws/orders/" + placed.text("id") + "/status?access_token=" + placed.text("order_token");
      long before = LiveMetrics.OPEN.get();

      List<RawWebSocket> staying = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        RawWebSocket ws = RawWebSocket.connect(server.port(), path);
        assertEquals(1, ws.next().opcode(), "a snapshot");
        staying.add(ws);
      }
      assertEquals(before + 20, LiveMetrics.OPEN.get(), "each open socket counted once");

      storm(server.port(), path);
      staying.forEach(RawWebSocket::close);

      long deadline = System.nanoTime() + 30_000_000_000L;
      while (LiveMetrics.OPEN.get() != before && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(before, LiveMetrics.OPEN.get(), "the gauge after the storm");
      assertEquals(
          before, exposed(server), "ordersync_ws_open as the management listener shows it");
    }
  }

  /** {@link #STORM} clients at once, each leaving at one of four moments. */
  private static void storm(int port, String path) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < STORM; i++) {
        int moment = i % 4;
        done.add(pool.submit(() -> leaveAt(moment, port, path)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Void leaveAt(int moment, int port, String path) throws IOException {
    if (moment == 0) {
      Socket s = RawWebSocket.upgradeOnly(port, path);
      s.setSoLinger(true, 0);
      s.close();
      return null;
    }
    try (RawWebSocket ws = RawWebSocket.connect(port, path)) {
      assertTrue(ws.upgraded(), ws.head());
      if (moment >= 2) {
        ws.next();
      }
      if (moment == 3) {
        ws.sendClose(1000);
        ws.closeCode();
      }
    }
    return null;
  }

  private static long exposed(TestServer server) {
    String text = server.metrics();
    Matcher m = Pattern.compile("(?m)^ordersync_ws_open(?:\\{[^}]*\\})? ([0-9.]+)").matcher(text);
    assertTrue(m.find(), "ordersync_ws_open is exposed");
    return (long) Double.parseDouble(m.group(1));
  }
}
