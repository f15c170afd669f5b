package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdempotencyTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static Scenario.Owner owner;
  static String item;

  @BeforeAll
  static void aRestaurantWithADish(Scenario story) {
    owner = story.anOwnerWithARestaurant("Retry Restaurant");
    item = story.anItem(owner, "Naengmyeon", 10000, null);
  }

  private int ordersOfRestaurant() throws Exception {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM orders WHERE restaurant_id = ?::uuid")) {
      ps.setString(1, owner.restaurantId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void theSameKeyAndBodyReplaysTheOriginalAnswerAndPlacesOneOrder() throws Exception {
    int before = ordersOfRestaurant();
    String key = UUID.randomUUID().toString();
    String body = Scenario.orderBody(owner.restaurantId(), item, 1);
    Api.Response first = api.post("/api/v1/orders", body, null, key);
    assertEquals(201, first.status(), first::toString);
    assertNull(first.header("Idempotent-Replayed"));

    // The order moves on; the replay still answers what the first request answered.
    api.post("/api/v1/restaurants/me/orders/" + first.text("id") + "/accept", null, owner.token());
    Api.Response second = api.post("/api/v1/orders", body, null, key);
    assertEquals(201, second.status());
    assertEquals("true", second.header("Idempotent-Replayed"));
    assertEquals(first.json(), second.json(), "the same body, order token included");
    assertEquals("PLACED", second.text("status"));
    assertEquals(before + 1, ordersOfRestaurant());
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefused() {
    String key = UUID.randomUUID().toString();
    assertEquals(
        201,
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null, key)
            .status());
    Api.Response reused =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 2), null, key);
    assertEquals(422, reused.status());
    assertEquals("idempotency_key_reused", reused.code());
  }

  @Test
  void keysAreScopedToTheCaller() {
    String key = UUID.randomUUID().toString();
    String body = Scenario.orderBody(owner.restaurantId(), item, 1);
    Api.Response anonymous = api.post("/api/v1/orders", body, null, key);
    Api.Response signedIn = api.post("/api/v1/orders", body, owner.token(), key);
    assertEquals(201, signedIn.status());
    assertNull(signedIn.header("Idempotent-Replayed"));
    assertTrue(!anonymous.text("id").equals(signedIn.text("id")));
  }

  @Test
  void aRequestWhoseKeyIsInFlightIsToldSoAtOnce() throws Exception {
    String key = UUID.randomUUID().toString();
    // Another transaction holds the key's claim, exactly as a request still being processed does.
    try (Connection c = server.database().connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
        ps.setString(1, "anonymous " + key);
        ps.execute();
      }
      Api.Response busy =
          api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null, key);
      assertEquals(409, busy.status(), busy::toString);
      assertEquals("idempotency_key_in_use", busy.code());
      c.rollback();
    }
    Api.Response after =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), item, 1), null, key);
    assertEquals(201, after.status());
  }

  @Test
  void concurrentRetriesWithOneKeyPlaceExactlyOneOrder() throws Exception {
    int before = ordersOfRestaurant();
    String key = UUID.randomUUID().toString();
    String body = Scenario.orderBody(owner.restaurantId(), item, 1);
    List<Future<Api.Response>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> api.post("/api/v1/orders", body, null, key)));
      }
    }
    String orderId = null;
    for (Future<Api.Response> f : answers) {
      Api.Response r = f.get();
      assertTrue(
          r.status() == 201 || (r.status() == 409 && "idempotency_key_in_use".equals(r.code())),
          r::toString);
      if (r.status() == 201) {
        if (orderId == null) {
          orderId = r.text("id");
        }
        assertEquals(orderId, r.text("id"), "every success names the one order");
      }
    }
    assertEquals(before + 1, ordersOfRestaurant());
  }

  @Test
  void theIdempotencyRecordCommitsWithTheOrderOrNotAtAll() throws Exception {
    Scenario story = new Scenario(api);
    String scarce = story.anItem(owner, "Last slice", 3000, 0);
    String key = UUID.randomUUID().toString();
    Api.Response refused =
        api.post("/api/v1/orders", Scenario.orderBody(owner.restaurantId(), scarce, 1), null, key);
    assertEquals(409, refused.status());
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM idempotency_keys WHERE key = '" + key + "'")) {
      rs.next();
      assertEquals(
          0, rs.getInt(1), "a failed request records no answer, so a retry is tried afresh");
    }
  }
}
