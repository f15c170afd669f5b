package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /**
   * A stranger who knows a guest's key (a cart id, say) and guesses the exact body gets nothing of
   * the guest's order: not its id or number, nor its token, nor the name and phone, so nothing to
   * read or cancel it with; and the answer is the one any other body gets, so the guess is not even
   * confirmed. The guest's own retry, with the secret its client sent first, still gets its token.
   */
  @Test
  void aStrangerWithAGuestsKeyAndBodyGetsNothingOfTheirOrder() {
    String key = "cart-" + UUID.randomUUID();
    String body = Scenario.orderBody(owner.restaurantId(), item, 1);
    Api.Response guest = api.post("/api/v1/orders", body, null, key);
    assertEquals(201, guest.status(), guest::toString);
    String id = guest.text("id");
    String token = guest.text("order_token");
    assertTrue(token != null && !token.isEmpty());
    Api.Response otherBody =
        api.post(
            "/api/v1/orders",
            Scenario.orderBody(owner.restaurantId(), item, 2),
            null,
            key,
            "a-strangers-own-secret-0123456789");

    List<Api.Response> strangers =
        List.of(
            api.post("/api/v1/orders", body, null, key, null),
            api.post("/api/v1/orders", body, null, key, "a-strangers-own-secret-0123456789"),
            api.post("/api/v1/orders", body, null, key, guest.text("id") + "-not-the-secret"));
    for (Api.Response stranger : strangers) {
      assertTrue(stranger.status() == 422, stranger::toString);
      assertNull(stranger.header("Idempotent-Replayed"));
      String raw = stranger.raw().body();
      for (String secret :
          List.of(id, token, guest.text("number"), "Lee", "010-9876-5432", "9876", "order_token")) {
        assertFalse(raw.contains(secret), () -> "the stranger learned " + secret + ": " + raw);
      }
    }
    assertEquals("idempotency_secret_required", strangers.get(0).code());
    for (Api.Response stranger : strangers.subList(1, strangers.size())) {
      assertEquals("idempotency_key_reused", stranger.code());
      assertEquals(otherBody.status(), stranger.status(), "no different from another body");
      assertEquals(withoutRequestId(otherBody), withoutRequestId(stranger));
    }

    // Nothing to cancel with: without the token the order is not theirs, and it stays placed.
    Api.Response cancel =
        api.send("POST", "/api/v1/orders/" + id + "/cancel", "{}", null, null, null);
    assertTrue(cancel.status() >= 400, cancel::toString);
    assertEquals("PLACED", api.get("/api/v1/orders/" + id, token).text("status"));

    // The guest whose answer was lost retries with its secret and gets its order and token again.
    Api.Response retry = api.post("/api/v1/orders", body, null, key);
    assertEquals(201, retry.status(), retry::toString);
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals(guest.json(), retry.json(), "the same body, order token included");
  }

  private static com.fasterxml.jackson.databind.JsonNode withoutRequestId(Api.Response r) {
    var copy = (com.fasterxml.jackson.databind.node.ObjectNode) r.json().deepCopy();
    copy.remove("request_id");
    return copy;
  }

  @Test
  void aSignedInCallerNeedsNoSecretToReplay() {
    String key = UUID.randomUUID().toString();
    String body = Scenario.orderBody(owner.restaurantId(), item, 1);
    Api.Response first = api.post("/api/v1/orders", body, owner.token(), key, null);
    assertEquals(201, first.status(), first::toString);
    Api.Response again = api.post("/api/v1/orders", body, owner.token(), key, null);
    assertEquals(201, again.status(), again::toString);
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.json(), again.json());
  }

  @Test
  void aSecretTooShortToBeRandomIsRefused() {
    Api.Response r =
        api.post(
            "/api/v1/orders",
            Scenario.orderBody(owner.restaurantId(), item, 1),
            null,
            UUID.randomUUID().toString(),
            "cart-42");
    assertEquals(400, r.status(), r::toString);
    assertEquals("invalid_header", r.code());
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
