package dev.ordersync.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.webhooks.WebhookReceiver.Answer;
import dev.ordersync.server.webhooks.WebhookReceiver.Received;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outbound webhooks end to end (issue 21): a real server on a real database delivers to receivers
 * in this test, which check the signature with their own implementation of the documented scheme.
 * Short settings stand in for the production ones: retries within a second, a three-second answer
 * time-out, an eight-second failure window.
 */
class WebhooksOverHttpTest {
  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
          Map.of(
              "ORDERSYNC_WEBHOOKS_ALLOW_HTTP", "true",
              "ORDERSYNC_WEBHOOKS_RETRY_BASE", "PT1S",
              "ORDERSYNC_WEBHOOKS_RETRY_CAP", "PT1S",
              "ORDERSYNC_WEBHOOKS_CONNECT_TIMEOUT", "PT1S",
              "ORDERSYNC_WEBHOOKS_TIMEOUT", "PT3S",
              "ORDERSYNC_WEBHOOKS_FAILURE_WINDOW", "PT8S",
              "ORDERSYNC_WEBHOOKS_POLL_INTERVAL", "PT1S"));

  static final Api api = server.api();
  static final Scenario story = server.scenario();
  static final ObjectMapper JSON = new ObjectMapper();

  record Hook(String id, String secret) {}

  private static Hook create(Scenario.Owner owner, String url, String... events) {
    String body =
        "{\"url\":\""
            + url
            + "\",\"events\":["
            + java.util.Arrays.stream(events)
                .map(e -> "\"" + e + "\"")
                .collect(Collectors.joining(","))
            + "]}";
    Api.Response r = api.post("/api/v1/restaurants/me/webhooks", body, owner.token());
    assertEquals(201, r.status(), r::toString);
    assertTrue(r.text("secret").startsWith("whsec_"), r::toString);
    return new Hook(r.text("id"), r.text("secret"));
  }

  private static String placeOrder(Scenario.Owner owner, String item) {
    return story.anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
  }

  private static void await(Duration within, BooleanSupplier done, String what) {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      if (done.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("not within " + within + ": " + what);
  }

  private static JsonNode json(Received r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(r.text(), e);
    }
  }

  @Test
  void anOrderIsDeliveredSignedWithItsEventIdAndTheOrderAsTheApiShowsIt() {
    var owner = story.anOwnerWithARestaurant("Hook House");
    String item = story.anItem(owner, "Bibimbap", 9000, null);
    try (var receiver = WebhookReceiver.answering(200)) {
      Hook hook = create(owner, receiver.url(), "order.created", "order.status_changed");
      String orderId = placeOrder(owner, item);
      await(Duration.ofSeconds(10), () -> !receiver.received().isEmpty(), "the order.created");
      Received r = receiver.received().getFirst();
      assertTrue(WebhookReceiver.signedWith(r, hook.secret()), r::toString);
      assertFalse(WebhookReceiver.signedWith(r, "whsec_someone-else"));
      assertEquals(1, WebhookReceiver.signatures(r));
      assertTrue(
          Math.abs(WebhookReceiver.timestamp(r) - Instant.now().getEpochSecond()) < 60,
          r::toString);
      assertEquals("application/json", r.contentType());
      JsonNode body = json(r);
      assertEquals(Set.of("id", "type", "created_at", "data"), fieldNames(body));
      assertEquals("order.created", body.path("type").asText());
      assertEquals(r.eventId(), body.path("id").asText());
      assertEquals(orderId, body.path("data").path("id").asText());
      assertEquals(owner.restaurantId(), body.path("data").path("restaurant_id").asText());
      assertEquals("PLACED", body.path("data").path("status").asText(), r::text);
      assertTrue(body.path("data").path("items").isArray());

      // The log shows it delivered, with the response code.
      await(
          Duration.ofSeconds(5),
          () -> "delivered".equals(deliveries(owner, hook).path(0).path("status").asText()),
          "the log says delivered");
      JsonNode d = deliveries(owner, hook).path(0);
      assertEquals(200, d.path("response_code").asInt());
      assertEquals(1, d.path("attempts").asInt());
      assertEquals(r.eventId(), d.path("event_id").asText());
      assertEquals("order.created", d.path("event_type").asText());

      // The list and the endpoint never show the secret again.
      Api.Response list = api.get("/api/v1/restaurants/me/webhooks", owner.token());
      assertEquals(200, list.status(), list::toString);
      assertFalse(list.raw().body().contains(hook.secret()));
      assertFalse(list.json().path("data").path(0).has("secret"), list::toString);
      Api.Response one = api.get("/api/v1/restaurants/me/webhooks/" + hook.id(), owner.token());
      assertEquals(receiver.url(), one.text("url"), one::toString);
      assertFalse(one.json().has("secret"));
    }
  }

  private static Set<String> fieldNames(JsonNode n) {
    var names = new java.util.HashSet<String>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode deliveries(Scenario.Owner owner, Hook hook) {
    Api.Response r =
        api.get("/api/v1/restaurants/me/webhooks/" + hook.id() + "/deliveries", owner.token());
    assertEquals(200, r.status(), r::toString);
    return r.json().path("data");
  }

  @Test
  void failuresAndTimeOutsAreRetriedWithTheSameEventId() {
    var owner = story.anOwnerWithARestaurant("Retry House");
    String item = story.anItem(owner, "Naengmyeon", 9000, null);
    // 500, then an answer later than the 3 s time-out, then 200.
    try (var receiver =
        new WebhookReceiver(
            n ->
                switch (n) {
                  case 1 -> new Answer(500, Duration.ZERO);
                  case 2 -> new Answer(200, Duration.ofSeconds(5));
                  default -> Answer.ok();
                })) {
      Hook hook = create(owner, receiver.url(), "order.created");
      placeOrder(owner, item);
      await(Duration.ofSeconds(20), () -> receiver.received().size() >= 3, "three attempts");
      List<Received> got = receiver.received();
      assertEquals(1, got.stream().map(Received::eventId).distinct().count(), got::toString);
      for (Received r : got) {
        assertTrue(WebhookReceiver.signedWith(r, hook.secret()));
      }
      // The first retry comes within a minute (here within the 1 s ceiling, plus the claim).
      assertTrue(
          Duration.between(got.get(0).at(), got.get(1).at()).compareTo(Duration.ofSeconds(5)) < 0);
      await(
          Duration.ofSeconds(5),
          () -> "delivered".equals(deliveries(owner, hook).path(0).path("status").asText()),
          "delivered at last");
      assertEquals(3, deliveries(owner, hook).path(0).path("attempts").asInt());
    }
  }

  @Test
  void aHangingEndpointDoesNotDelayAnother() {
    var owner = story.anOwnerWithARestaurant("Busy House");
    String item = story.anItem(owner, "Mandu", 6000, null);
    try (var hanging = new WebhookReceiver(n -> new Answer(200, Duration.ofSeconds(30)));
        var healthy = WebhookReceiver.answering(204)) {
      create(owner, hanging.url(), "order.created");
      create(owner, healthy.url(), "order.created");
      Instant start = Instant.now();
      for (int i = 0; i < 5; i++) {
        placeOrder(owner, item);
      }
      await(Duration.ofSeconds(10), () -> healthy.received().size() >= 5, "five deliveries");
      // All five arrived while the hanging endpoint still held its five sends (3 s time-out).
      assertTrue(
          Duration.between(start, healthy.received().get(4).at()).compareTo(Duration.ofMillis(2500))
              < 0,
          () -> "took " + Duration.between(start, healthy.received().get(4).at()));
      assertEquals(5, hanging.received().size());
    }
  }

  @Test
  void aRotatedSecretSignsBesideTheNewOneAndReplaysKeepTheEventId() throws Exception {
    var owner = story.anOwnerWithARestaurant("Rotate House");
    String item = story.anItem(owner, "Tteokbokki", 5000, null);
    try (var receiver = WebhookReceiver.answering(200)) {
      Hook hook = create(owner, receiver.url(), "order.created", "order.status_changed");
      Api.Response rotated =
          api.post(
              "/api/v1/restaurants/me/webhooks/" + hook.id() + "/rotate-secret",
              null,
              owner.token());
      assertEquals(200, rotated.status(), rotated::toString);
      String newSecret = rotated.text("secret");
      assertFalse(newSecret.equals(hook.secret()));
      assertNotNull(rotated.text("previous_secret_expires_at"), rotated::toString);

      Instant before = Instant.now().minusSeconds(1);
      placeOrder(owner, item);
      await(Duration.ofSeconds(10), () -> !receiver.received().isEmpty(), "a delivery");
      Received first = receiver.received().getFirst();
      assertEquals(2, WebhookReceiver.signatures(first), first::signature);
      assertTrue(WebhookReceiver.signedWith(first, newSecret));
      assertTrue(WebhookReceiver.signedWith(first, hook.secret()));

      // Replay of one delivery: the same event, the same id.
      await(
          Duration.ofSeconds(5),
          () -> "delivered".equals(deliveries(owner, hook).path(0).path("status").asText()),
          "delivered");
      String deliveryId = deliveries(owner, hook).path(0).path("id").asText();
      Api.Response replay =
          api.post(
              "/api/v1/restaurants/me/webhooks/"
                  + hook.id()
                  + "/deliveries/"
                  + deliveryId
                  + "/replay",
              null,
              owner.token());
      assertEquals(202, replay.status(), replay::toString);
      await(Duration.ofSeconds(10), () -> receiver.received().size() >= 2, "the replay");
      Received again = receiver.received().get(1);
      assertEquals(first.eventId(), again.eventId());
      assertEquals(json(first).path("id"), json(again).path("id"));

      // Replay of a time range: every event of it again.
      Api.Response range =
          api.post(
              "/api/v1/restaurants/me/webhooks/" + hook.id() + "/replay",
              "{\"from\":\"" + before + "\",\"to\":\"" + Instant.now().plusSeconds(1) + "\"}",
              owner.token());
      assertEquals(202, range.status(), range::toString);
      assertEquals(1, range.json().path("replayed").asInt(), range::toString);
      await(Duration.ofSeconds(10), () -> receiver.received().size() >= 3, "the range replay");
      assertEquals(first.eventId(), receiver.received().get(2).eventId());

      // Creating, rotating and replaying are audited.
      server.sealAuditNow();
      try (Connection c = server.database().connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM audit.audit_log WHERE entity_id = ? AND action IN"
                      + " ('CREATE_WEBHOOK_ENDPOINT', 'ROTATE_WEBHOOK_SECRET',"
                      + " 'REPLAY_WEBHOOK_DELIVERY', 'REPLAY_WEBHOOK_EVENTS')")) {
        ps.setString(1, hook.id());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(4, rs.getInt(1));
        }
      }
    }
  }

  @Test
  void anEndpointFailingForTheWholeWindowIsDisabledItsOwnerEmailedAndCanBeEnabledAgain()
      throws Exception {
    var owner = story.anOwnerWithARestaurant("Broken House");
    String item = story.anItem(owner, "Japchae", 7000, null);
    try (var receiver = WebhookReceiver.answering(500)) {
      Hook hook = create(owner, receiver.url(), "order.created");
      placeOrder(owner, item);
      await(
          Duration.ofSeconds(25),
          () ->
              "disabled"
                  .equals(
                      api.get("/api/v1/restaurants/me/webhooks/" + hook.id(), owner.token())
                          .text("status")),
          "disabled after the 8 s window");
      assertTrue(receiver.received().size() >= 3, () -> "attempts: " + receiver.received().size());
      JsonNode d = deliveries(owner, hook).path(0);
      assertEquals("failed", d.path("status").asText(), d::toString);
      assertEquals(500, d.path("response_code").asInt());
      try (Connection c = server.database().connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM notifications WHERE kind = 'WEBHOOK_DISABLED'"
                      + " AND restaurant_id = ?")) {
        ps.setObject(1, UUID.fromString(owner.restaurantId()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(1, rs.getInt(1), "one email to the one owner");
        }
      }
      Api.Response enabled =
          api.post("/api/v1/restaurants/me/webhooks/" + hook.id() + "/enable", null, owner.token());
      assertEquals(200, enabled.status(), enabled::toString);
      assertEquals("enabled", enabled.text("status"));
      assertNull(enabled.json().path("disabled_at").textValue());
    }
  }

  @Test
  void aMenuItemMadeOrRemovedIsDelivered() {
    var owner = story.anOwnerWithARestaurant("Menu House");
    try (var receiver = WebhookReceiver.answering(200)) {
      Hook hook = create(owner, receiver.url(), "menu.item_changed");
      String item = story.anItem(owner, "Galbi", 25000, null);
      await(Duration.ofSeconds(10), () -> !receiver.received().isEmpty(), "the new item");
      Received made = receiver.received().getFirst();
      assertTrue(WebhookReceiver.signedWith(made, hook.secret()));
      JsonNode body = json(made);
      assertEquals("menu.item_changed", body.path("type").asText());
      assertEquals(item, body.path("data").path("id").asText());
      assertEquals("Galbi", body.path("data").path("name").asText());
      assertFalse(body.path("data").path("deleted").asBoolean());
      Api.Response removed =
          api.send(
              "DELETE",
              "/api/v1/restaurants/me/menu/items/" + item,
              null,
              owner.token(),
              null,
              null);
      assertEquals(204, removed.status(), removed::toString);
      await(Duration.ofSeconds(10), () -> receiver.received().size() >= 2, "the removal");
      JsonNode gone = json(receiver.received().get(1));
      assertTrue(gone.path("data").path("deleted").asBoolean(), gone::toString);
      assertFalse(made.eventId().equals(receiver.received().get(1).eventId()));
    }
  }

  @Test
  void badEndpointsAreRefusedAsProblems() {
    var owner = story.anOwnerWithARestaurant("Picky House");
    String path = "/api/v1/restaurants/me/webhooks";
    Api.Response notHttps =
        api.post(
            path, "{\"url\":\"http://example.com/h\",\"events\":[\"order.paid\"]}", owner.token());
    assertEquals(422, notHttps.status(), notHttps::toString);
    assertEquals("webhook_url_not_https", notHttps.code());
    assertEquals("application/problem+json", notHttps.header("Content-Type"));

    Api.Response ftp =
        api.post(
            path, "{\"url\":\"ftp://example.com/h\",\"events\":[\"order.paid\"]}", owner.token());
    assertEquals(422, ftp.status(), ftp::toString);
    assertEquals("webhook_url_not_https", ftp.code());

    Api.Response unknown =
        api.post(
            path,
            "{\"url\":\"https://203.0.113.7/h\",\"events\":[\"order.paid\",\"order.eaten\"]}",
            owner.token());
    assertEquals(422, unknown.status(), unknown::toString);
    assertEquals("validation_failed", unknown.code());
    assertEquals(
        "events[1]",
        unknown.json().path("errors").path(0).path("field").asText(),
        unknown::toString);

    Api.Response none =
        api.post(path, "{\"url\":\"https://203.0.113.7/h\",\"events\":[]}", owner.token());
    assertEquals(422, none.status(), none::toString);

    Api.Response notJson = api.post(path, "{\"url\":5}", owner.token());
    assertEquals(400, notJson.status(), notJson::toString);

    Api.Response unknownField =
        api.post(
            path,
            "{\"url\":\"https://203.0.113.7/h\",\"events\":[\"order.paid\"],\"x\":1}",
            owner.token());
    assertEquals(400, unknownField.status(), unknownField::toString);

    Hook hook = create(owner, "https://203.0.113.7/h", "order.paid");
    Api.Response badRange =
        api.post(path + "/" + hook.id() + "/replay", "{\"from\":\"yesterday\"}", owner.token());
    assertEquals(400, badRange.status(), badRange::toString);
    assertEquals("invalid_parameter", badRange.code());
    Api.Response reversed =
        api.post(
            path + "/" + hook.id() + "/replay",
            "{\"from\":\"2026-12-08T10:00:00Z\",\"to\":\"2026-12-08T09:00:00Z\"}",
            owner.token());
    assertEquals(422, reversed.status(), reversed::toString);
    assertEquals("invalid_range", reversed.code());

    Api.Response missing = api.get(path + "/" + UUID.randomUUID(), owner.token());
    assertEquals(404, missing.status(), missing::toString);
  }
}
