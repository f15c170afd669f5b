package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.OrderSyncServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one database and one Redis (a redis-server this test starts on a port of
 * its own, and stops and restarts): a socket on one instance sees the changes made through the
 * other, and Redis going away stops neither orders nor delivery for good.
 */
class TwoInstancesWithRedisTest {
  static int redisPort;
  static Process redis;
  static Path keys;
  static TestServer a;
  static TestServer b;
  static Scenario story;
  static Scenario.Owner owner;
  static String item;

  @BeforeAll
  static void start() throws Exception {
    redisPort = freePort();
    redis = startRedis(redisPort);
    keys = Files.createTempDirectory("ordersync-keys");
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_REDIS_URL", "redis://127.0.0.1:" + redisPort);
    env.put("ORDERSYNC_REDIS_KEY_PREFIX", "test-" + UUID.randomUUID() + ":");
    env.put("ORDERSYNC_KEYS_DIR", keys.toString());
    a = TestServer.start(env, OrderSyncServer.Limits.none());
    b = secondInstance(env);
    story = new Scenario(a.api());
    owner = story.anOwnerWithARestaurant("Two Kitchens");
    item = story.anItem(owner, "Naengmyeon", 11000, null);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.stopServerOnly();
    }
    if (a != null) {
      a.close();
    }
    if (redis != null) {
      redis.destroyForcibly();
    }
    TestServer.deleteTree(keys);
  }

  /**
   * The second instance. Its start re-runs the audit module's schema install, which can deadlock
   * with the first instance's audit sealer (PostgreSQL "deadlock detected" on a function and a
   * table; seen once under heavy load, a problem of the audit install and not of live delivery):
   * one retry, so that this test is about what it tests.
   */
  @Test
  void aGuestsMenuOnOneInstanceHearsOfASoldOutToggleMadeThroughTheOther() {
    String dish = story.anItem(owner, "Bibim naengmyeon", 12000, null);
    try (LiveClient guest =
        LiveClient.connect(b.port(), "/ws/restaurants/" + owner.restaurantId() + "/menu")) {
      assertEquals("menu.ready", guest.next().path("type").asText());
      JsonNode changed = null;
      // Redis pub/sub is at most once and another test of this class stops Redis: toggle until
      // the message crosses (menu followers have no log; their clients refetch on reconnect).
      for (int attempt = 0; attempt < 10 && changed == null; attempt++) {
        Api.Response off =
            a.api()
                .send(
                    "PATCH",
                    "/api/v1/restaurants/me/menu/items/" + dish,
                    "{\"available\":" + (attempt % 2 == 1) + "}",
                    owner.token(),
                    null,
                    null);
        assertEquals(200, off.status(), off::toString);
        changed = guest.poll(3000);
      }
      assertTrue(changed != null, "a menu change crossed from instance a to b");
      assertEquals("menu.item_changed", changed.path("type").asText(), changed::toString);
      assertEquals(dish, changed.path("item").path("id").asText());
    }
  }

  static TestServer secondInstance(Map<String, String> env) {
    try {
      return TestServer.startOn(a.database(), env, OrderSyncServer.Limits.none());
    } catch (IllegalStateException e) {
      if (!String.valueOf(e.getMessage()).contains("deadlock detected")) {
        throw e;
      }
      return TestServer.startOn(a.database(), env, OrderSyncServer.Limits.none());
    }
  }

  static Process startRedis(int port) throws Exception {
    Process p =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        probe.getInputStream().available();
        return p;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on " + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void move(TestServer through, String orderId, String step) {
    Api.Response r =
        through
            .api()
            .post(
                "/api/v1/restaurants/me/orders/" + orderId + "/" + step,
                step.equals("accept") ? "{\"prep_minutes\":15}" : null,
                owner.token());
    assertEquals(200, r.status(), r::toString);
  }

  /** Whether the instance says its Redis is out: still ready (200), with a degraded part. */
  static boolean degraded(TestServer s) {
    Api.Response health = s.api().get("/observe/health", null);
    assertEquals(200, health.status(), "an instance without Redis is degraded, not unready");
    return health.raw().body().contains("\"degraded\"");
  }

  /** The value of {@code ordersync_redis_up{use="live-events"}}. */
  static String liveEventsRedisUp(TestServer s) {
    String metrics = s.metrics();
    return metrics
        .lines()
        .filter(l -> l.startsWith("ordersync_redis_up{") && l.contains("use=\"live-events\""))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElse("missing");
  }

  @Test
  void aSocketOnOneInstanceSeesChangesMadeThroughTheOtherAtOnce() {
    Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 1);
    String id = placed.text("id");
    try (LiveClient onB =
            LiveClient.connect(
                b.port(),
                "/ws/orders/" + id + "/status?access_token=" + placed.text("order_token"));
        LiveClient feedOnB =
            LiveClient.connect(
                b.port(), "/ws/restaurants/me/orders?access_token=" + owner.token())) {
      assertEquals(1, onB.next().path("seq").asLong());
      long feedAt = feedOnB.next().path("feed_seq").asLong();
      List<String> steps = List.of("accept", "start", "ready", "complete");
      for (int i = 0; i < steps.size(); i++) {
        move(a, id, steps.get(i));
        // The sweep of the event log runs every 5 s; within 1 s, the event can only have come over
        // Redis.
        JsonNode event = onB.poll(1000);
        assertTrue(event != null, "the change made through A reached B's socket within a second");
        assertEquals(i + 2, event.path("seq").asLong());
        JsonNode onFeed = feedOnB.poll(1000);
        assertTrue(onFeed != null);
        assertEquals(feedAt + i + 1, onFeed.path("feed_seq").asLong());
      }
      assertNull(onB.poll(300), "no duplicates");
    }
  }

  @Test
  void redisGoingAwayStopsNoOrdersAndEveryEventStillArrives() throws Exception {
    Scenario.Owner other = story.anOwnerWithARestaurant("Outage Kitchen");
    String otherItem = story.anItem(other, "Gimbap", 4000, null);
    try (LiveClient feedOnA =
            LiveClient.connect(
                a.port(), "/ws/restaurants/me/orders?access_token=" + other.token());
        LiveClient feedOnB =
            LiveClient.connect(
                b.port(), "/ws/restaurants/me/orders?access_token=" + other.token())) {
      assertEquals(0, feedOnA.next().path("feed_seq").asLong());
      assertEquals(0, feedOnB.next().path("feed_seq").asLong());
      story.anAnonymousOrder(other.restaurantId(), otherItem, 1);
      assertEquals(1, feedOnA.next().path("feed_seq").asLong());
      assertEquals(1, feedOnB.next().path("feed_seq").asLong());

      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!degraded(b) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(degraded(b), "B reports Redis as down, and stays ready");
      assertEquals("0.0", liveEventsRedisUp(b), "metered for alerting");
      assertTrue(a.api().get("/observe/health", null).raw().body().contains("live-events"));

      List<String> placedMeanwhile = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        placedMeanwhile.add(story.anAnonymousOrder(other.restaurantId(), otherItem, 1).text("id"));
      }
      for (int i = 0; i < 5; i++) {
        JsonNode local = feedOnA.poll(i == 0 ? 2000 : 1000);
        assertTrue(local != null, "A keeps delivering to its own sockets without Redis");
        assertEquals(i + 2, local.path("feed_seq").asLong());
      }
      // B's socket misses the bus messages, but not the events: the log sweep (or the resync when
      // Redis returns)
      // brings them, in order.
      redis = startRedis(redisPort);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (degraded(b) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertFalse(degraded(b), "B reconnected to Redis");
      assertEquals("1.0", liveEventsRedisUp(b));
      for (int i = 0; i < 5; i++) {
        JsonNode e = feedOnB.next();
        assertEquals(i + 2, e.path("feed_seq").asLong());
        assertEquals(placedMeanwhile.get(i), e.path("order").path("id").asText());
      }
      String after = story.anAnonymousOrder(other.restaurantId(), otherItem, 1).text("id");
      JsonNode live = feedOnB.poll(1000);
      assertTrue(live != null, "live over Redis again");
      assertEquals(after, live.path("order").path("id").asText());
      assertEquals(7, live.path("feed_seq").asLong());
      assertNull(feedOnB.poll(300));
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (degraded(a) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertFalse(degraded(a), "A, which published during the outage, reports Redis back too");
    }
  }
}
