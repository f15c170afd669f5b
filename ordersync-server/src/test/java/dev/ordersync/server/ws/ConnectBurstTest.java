package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A burst of signed-in sockets (each checks its session and reads a snapshot from the database)
 * does not take the connection pool from REST and health: openings run a few at a time, and one
 * that cannot get its turn in time is told to try again later (1013) rather than queue forever.
 */
class ConnectBurstTest {
  private static final int SOCKETS = 300;

  @Test
  void aBurstOfSignedInConnectsLeavesRestAnsweringAndHealthReady() throws Exception {
    // All from one address: the edge's cap per address (256 by default, decision 31) would refuse
    // some of the 300 before they are sockets; what is tested here is the opening work behind it.
    try (TestServer server =
        TestServer.start(Map.of("ORDERSYNC_MAX_CONNECTIONS_PER_ADDRESS", "1000"))) {
      Scenario story = new Scenario(server.api());
      Scenario.Owner owner = story.anOwnerWithARestaurant("Burst Kitchen");
      String item = story.anItem(owner, "Mandu", 6000, null);
      for (int i = 0; i < 5; i++) {
        story.anAnonymousOrder(owner.restaurantId(), item, 1);
      }
      Prober prober = new Prober(server.api(), owner.token());
      Thread probing = Thread.ofPlatform().start(prober);
      Map<Integer, Integer> outcomes = burst(server.port(), owner.token());
      prober.stop.set(true);
      probing.join();

      List<Long> sorted = new ArrayList<>(prober.restMillis);
      sorted.sort(null);
      System.out.printf(
          "burst of %d signed-in connects: %s (1 = snapshot); REST %d requests, p50 %d ms,"
              + " max %d ms; health %s%n",
          SOCKETS,
          outcomes,
          prober.rest.get(),
          sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
          prober.maxRestMillis.get(),
          prober.health);
      assertEquals(Map.of(200, prober.healthCount.get()), prober.health, "health stays ready");
      assertEquals(0, prober.restFailures.get(), "every REST request answered 200");
      assertTrue(prober.rest.get() > 0, "REST was probed during the burst");
      assertTrue(
          prober.maxRestMillis.get() < 10_000,
          "a REST request took " + prober.maxRestMillis.get() + " ms during the burst");
      assertTrue(outcomes.getOrDefault(1, 0) > 0, "sockets opened: " + outcomes);
      for (int code : outcomes.keySet()) {
        assertTrue(code == 1 || code == CloseCodes.TRY_AGAIN_LATER, "outcomes " + outcomes);
      }
    }
  }

  /** Opens every socket at once; counts what each got first: 1 (a snapshot) or a close code. */
  private static Map<Integer, Integer> burst(int port, String token) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(100);
    Map<Integer, Integer> outcomes = new ConcurrentHashMap<>();
    List<RawWebSocket> open = new ArrayList<>();
    try {
      List<Future<RawWebSocket>> sockets = new ArrayList<>();
      for (int i = 0; i < SOCKETS; i++) {
        sockets.add(
            pool.submit(
                () ->
                    RawWebSocket.connect(
                        port, LiveEndpoints.FEED_PATH + "?access_token=" + token)));
      }
      for (Future<RawWebSocket> f : sockets) {
        open.add(f.get());
      }
      List<Future<Integer>> firsts = new ArrayList<>();
      for (RawWebSocket ws : open) {
        firsts.add(
            pool.submit(
                () -> {
                  RawWebSocket.Frame f = ws.next();
                  return f == null ? -1 : f.opcode() == 0x8 ? f.closeCode() : f.opcode();
                }));
      }
      for (Future<Integer> f : firsts) {
        outcomes.merge(f.get(), 1, Integer::sum);
      }
    } finally {
      open.forEach(RawWebSocket::close);
      pool.shutdown();
    }
    return new TreeMap<>(outcomes);
  }

  /** Asks REST (the restaurant's board) and health, one after the other, until stopped. */
  private static final class Prober implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger rest = new AtomicInteger();
    final AtomicInteger restFailures = new AtomicInteger();
    final AtomicInteger healthCount = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong maxRestMillis =
        new java.util.concurrent.atomic.AtomicLong();
    final Map<Integer, Integer> health = new ConcurrentHashMap<>();
    final List<Long> restMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Api api;
    private final String token;

    Prober(Api api, String token) {
      this.api = api;
      this.token = token;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        long start = System.nanoTime();
        Api.Response board = api.get("/api/v1/restaurants/me/orders?status=PLACED", token);
        long millis = (System.nanoTime() - start) / 1_000_000;
        restMillis.add(millis);
        maxRestMillis.accumulateAndGet(millis, Math::max);
        rest.incrementAndGet();
        if (board.status() != 200) {
          restFailures.incrementAndGet();
        }
        health.merge(api.get("/observe/health", null).status(), 1, Integer::sum);
        healthCount.incrementAndGet();
      }
    }
  }
}
