package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orders placed at the same moment share transactions (group commit, decision 17) and still behave
 * one by one: a bad order gets its own error and its neighbours their orders, stock is exact,
 * numbers are gapless, every 201 is durable.
 */
class GroupCommitOverHttpTest {
  // One lane, so that every order of the burst goes through the same shared transactions.
  @RegisterExtension
  static final RunningServer server = RunningServer.withEnv(Map.of("ORDERSYNC_ORDER_LANES", "1"));

  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @Test
  void aBurstOfOrdersSellsExactlyTheStockAndBadOrdersFailAlone() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Burst Dumplings");
    String counted = story.anItem(owner, "Mandu", 7000, 30);
    String plenty = story.anItem(owner, "Tea", 2000, null);
    int orders = 60;
    CountDownLatch go = new CountDownLatch(1);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Map<Integer, String> codes = new ConcurrentHashMap<>();
    List<String> numbers = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        int n = i;
        futures.add(
            vts.submit(
                () -> {
                  go.await();
                  // Every fifth order asks for an item that is not on the menu; the others take one
                  // counted dumpling.
                  String item = n % 5 == 4 ? UUID.randomUUID().toString() : counted;
                  Api.Response r =
                      api.post(
                          "/api/v1/orders",
                          Scenario.orderBody(owner.restaurantId(), item, 1),
                          null,
                          UUID.randomUUID().toString());
                  statuses.put(n, r.status());
                  if (r.status() == 201) {
                    numbers.add(r.text("number"));
                  } else {
                    codes.put(n, r.code());
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    long created = statuses.values().stream().filter(s -> s == 201).count();
    assertEquals(30, created, "exactly the stock is sold: " + statuses);
    for (int n = 0; n < orders; n++) {
      if (n % 5 == 4) {
        assertEquals(422, statuses.get(n), "order " + n);
        assertEquals("menu_item_not_found", codes.get(n));
      } else if (statuses.get(n) != 201) {
        assertEquals(409, statuses.get(n), "order " + n);
        assertEquals("out_of_stock", codes.get(n));
      }
    }
    assertEquals(30, numbers.stream().distinct().count(), "no number twice");
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      assertEquals(
          30,
          one(
              s,
              "SELECT count(*) FROM orders WHERE restaurant_id = '" + owner.restaurantId() + "'"));
      assertEquals(0, one(s, "SELECT stock FROM menu_items WHERE id = '" + counted + "'"));
      assertEquals(
          30,
          one(
              s,
              "SELECT max(last_value) FROM order_counters WHERE restaurant_id = '"
                  + owner.restaurantId()
                  + "'"),
          "numbers are gapless: rolled-back orders took none");
      assertEquals(
          30,
          one(
              s,
              "SELECT count(*) FROM order_events WHERE restaurant_id = '"
                  + owner.restaurantId()
                  + "' AND type = 'order.created'"));
    }
    // The item without stock still sells one at a time afterwards: a lone order commits at once.
    for (int i = 0; i < 3; i++) {
      Api.Response r =
          api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), plenty, 1), null);
      assertEquals(201, r.status(), r::toString);
      assertEquals(String.format("A-%03d", 31 + i), r.text("number"));
    }
  }

  @Test
  void theSameKeyTwiceInOneBurstMakesOneOrder() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Twice Bibimbap");
    String item = story.anItem(owner, "Bibimbap", 11000, null);
    String key = UUID.randomUUID().toString();
    String body = Scenario.orderBody(owner.restaurantId(), item, 1);
    CountDownLatch go = new CountDownLatch(1);
    List<Api.Response> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(
            vts.submit(
                () -> {
                  go.await();
                  answers.add(api.post("/api/v1/orders", body, null, key));
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    // Each answer is the order (new or replayed) or "in flight" (409): never a second order.
    assertTrue(
        answers.stream().allMatch(r -> r.status() == 201 || r.status() == 409), answers::toString);
    assertEquals(
        1,
        answers.stream().filter(r -> r.status() == 201).map(r -> r.text("id")).distinct().count());
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      assertEquals(
          1,
          one(
              s,
              "SELECT count(*) FROM orders WHERE restaurant_id = '" + owner.restaurantId() + "'"));
    }
  }

  @Test
  void withGroupCommitOffEveryOrderIsATransactionOfItsOwn() throws Exception {
    try (TestServer off = TestServer.start(Map.of("ORDERSYNC_GROUP_COMMIT", "off"))) {
      Scenario alone = new Scenario(off.api());
      Scenario.Owner owner = alone.anOwnerWithARestaurant("One By One Noodles");
      String item = alone.anItem(owner, "Janchi guksu", 8000, null);
      int orders = 12;
      CountDownLatch go = new CountDownLatch(1);
      List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
      try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
          futures.add(
              vts.submit(
                  () -> {
                    go.await();
                    statuses.add(
                        off.api()
                            .post(
                                "/api/v1/orders",
                                Scenario.orderBody(owner.restaurantId(), item, 1),
                                null,
                                UUID.randomUUID().toString())
                            .status());
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : futures) {
          f.get();
        }
      }
      assertEquals(java.util.Collections.nCopies(orders, 201), statuses);
      try (Connection c = off.database().connect();
          Statement s = c.createStatement()) {
        assertEquals(
            orders,
            one(
                s,
                "SELECT count(DISTINCT xmin::text) FROM orders WHERE restaurant_id = '"
                    + owner.restaurantId()
                    + "'"),
            "each order was written by a transaction of its own");
      }
    }
  }

  private static long one(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
