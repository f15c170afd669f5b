package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.sdk.AuthenticationException;
import dev.ordersync.sdk.CreateMenuItemRequest;
import dev.ordersync.sdk.CreateRestaurantRequest;
import dev.ordersync.sdk.Fulfillment;
import dev.ordersync.sdk.LiveEvent;
import dev.ordersync.sdk.LiveListener;
import dev.ordersync.sdk.LiveOptions;
import dev.ordersync.sdk.LiveSnapshot;
import dev.ordersync.sdk.LiveSubscription;
import dev.ordersync.sdk.MenuItem;
import dev.ordersync.sdk.NotFoundException;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderStatus;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.OrderSyncException;
import dev.ordersync.sdk.PermissionException;
import dev.ordersync.sdk.PlaceOrderRequest;
import dev.ordersync.sdk.RegisterRequest;
import dev.ordersync.sdk.Restaurant;
import dev.ordersync.sdk.Session;
import dev.ordersync.sdk.TokenProvider;
import dev.ordersync.sdk.Tokens;
import dev.ordersync.server.OrderSyncServer;
import dev.ordersync.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SDK's live feed against real servers: a snapshot, typed events, typed refusals, and a server
 * restart (a second process on the same database and port) after which the feed goes on with no
 * event missed or repeated.
 */
class LiveFeedWithSdkTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Everything a listener is told, in order. */
  static final class Recorder implements LiveListener {
    final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    final List<Integer> disconnects = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onSnapshot(LiveSnapshot snapshot) {
      seen.add(snapshot);
    }

    @Override
    public void onEvent(LiveEvent event) {
      seen.add(event);
    }

    @Override
    public void onDisconnected(int closeCode, String reason, Duration reconnectIn) {
      disconnects.add(closeCode);
    }

    @Override
    public void onFailure(OrderSyncException error) {
      seen.add(error);
    }

    <T> T next(Class<T> type) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        Object o = seen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (type.isInstance(o)) {
          return type.cast(o);
        }
      }
      throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
    }

    LiveEvent eventOf(UUID orderId, String type) throws InterruptedException {
      while (true) {
        LiveEvent e = next(LiveEvent.class);
        if (e.order().id().equals(orderId) && e.type().equals(type)) {
          return e;
        }
      }
    }
  }

  private static String currentToken(Shop shop) {
    return shop.session().tokens().accessToken();
  }

  private record Shop(
      OrderSyncClient anonymous,
      OrderSyncClient owner,
      Session session,
      Restaurant restaurant,
      MenuItem item) {}

  private static Shop openShop(int port) {
    OrderSyncClient anonymous =
        OrderSyncClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    String email = "live-" + UUID.randomUUID() + "@example.kr";
    anonymous.auth().register(RegisterRequest.owner(email, PASSWORD, "Live Owner"));
    Tokens first = anonymous.auth().login(email, PASSWORD).authenticated().orElseThrow();
    Restaurant restaurant =
        anonymous
            .withAccessToken(first.accessToken())
            .restaurants()
            .create(
                new CreateRestaurantRequest("Live Kitchen", IntegratorWithSdk.aBusinessNumber()));
    Tokens tokens =
        anonymous.auth().login(email, PASSWORD, restaurant.id()).authenticated().orElseThrow();
    Session session = anonymous.auth().session(tokens);
    OrderSyncClient owner = anonymous.withTokenProvider(session);
    MenuItem item = owner.restaurants().createMenuItem(new CreateMenuItemRequest("Gimbap", 4000));
    return new Shop(anonymous, owner, session, restaurant, item);
  }

  private static Order place(OrderSyncClient anonymous, Shop shop) {
    return anonymous
        .orders()
        .place(
            PlaceOrderRequest.builder(shop.restaurant().id(), Fulfillment.TAKEOUT)
                .item(shop.item().id(), 1)
                .build());
  }

  @Test
  void theFeedFollowsOrdersThroughAServerRestartWithNoGap() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-keys");
    TestServer first =
        TestServer.start(
            Map.of("ORDERSYNC_KEYS_DIR", keys.toString()), OrderSyncServer.Limits.none());
    TestServer second = null;
    LiveSubscription feed = null;
    LiveSubscription tracking = null;
    try {
      int port = first.port();
      Shop shop = openShop(port);
      Order before = place(shop.anonymous(), shop);

      Recorder board = new Recorder();
      LiveOptions quick =
          LiveOptions.defaults().reconnect(Duration.ofMillis(100), Duration.ofSeconds(1));
      feed = shop.owner().live().restaurantOrders(board, quick);
      LiveSnapshot snapshot = board.next(LiveSnapshot.class);
      assertEquals(List.of(before.id()), snapshot.orders().stream().map(Order::id).toList());
      assertNotNull(snapshot.feedSeq());
      // The restaurant sees the customer as the server masks them.
      assertNull(snapshot.orders().getFirst().customer().phone());

      Order live = place(shop.anonymous(), shop);
      LiveEvent created = board.eventOf(live.id(), "order.created");
      assertEquals(OrderStatus.PLACED, created.order().status());
      assertEquals(snapshot.feedSeq() + 1, created.feedSeq());
      assertNotNull(created.committedAt());

      // The customer follows their own order with its order token.
      Recorder guest = new Recorder();
      tracking = shop.anonymous().live().order(live.id(), live.orderToken(), guest, quick);
      assertEquals(live.id(), guest.next(LiveSnapshot.class).orders().getFirst().id());
      shop.owner().restaurantOrders().accept(live.id(), 10);
      LiveEvent accepted = guest.eventOf(live.id(), "order.status_changed");
      assertEquals(OrderStatus.ACCEPTED, accepted.order().status());
      assertEquals("OrderAccepted", accepted.event());
      assertNull(accepted.feedSeq());
      assertEquals(
          OrderStatus.ACCEPTED, board.eventOf(live.id(), "order.status_changed").order().status());

      // The server goes away; another process takes its place on the same database and port.
      first.stopServerOnly();
      second =
          TestServer.startOn(
              first.database(),
              Map.of("ORDERSYNC_KEYS_DIR", keys.toString(), "ORDERSYNC_PORT", String.valueOf(port)),
              OrderSyncServer.Limits.none());
      assertEquals(port, second.port());
      List<UUID> meanwhile = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        meanwhile.add(place(shop.anonymous(), shop).id());
      }
      shop.owner().restaurantOrders().start(live.id());

      List<LiveEvent> after = new ArrayList<>();
      for (UUID id : meanwhile) {
        after.add(board.eventOf(id, "order.created"));
      }
      after.add(board.eventOf(live.id(), "order.status_changed"));
      assertEquals(OrderStatus.PREPARING, after.getLast().order().status());
      assertTrue(
          board.seen.stream().noneMatch(LiveSnapshot.class::isInstance),
          "resumed by last_event_id, not by a new snapshot");
      assertFalse(board.disconnects.isEmpty(), "the feed saw the server go");
      long expected = created.feedSeq() + 2; // after the accept, which was created's + 1
      Set<UUID> ids = new HashSet<>();
      for (LiveEvent e : after) {
        assertEquals(expected++, e.feedSeq(), "feed positions follow on with no gap");
        assertTrue(ids.add(e.eventId()), "no event twice");
      }
      assertEquals(
          OrderStatus.PREPARING, guest.eventOf(live.id(), "order.status_changed").order().status());
      assertTrue(feed.isActive());
      assertEquals(after.getLast().eventId().toString(), feed.lastEventId());

      feed.close();
      assertFalse(feed.isActive());
    } finally {
      if (feed != null) {
        feed.close();
      }
      if (tracking != null) {
        tracking.close();
      }
      if (second != null) {
        second.close();
      } else {
        first.database().close();
      }
      TestServer.deleteTree(keys);
    }
  }

  /**
   * The integrator's case: the server is down while orders keep coming (written through another
   * instance on the same database, which the feed never talks to), and comes back on its address.
   * The feed resumes by {@code last_event_id} and is given every event it missed, in order, once.
   */
  @Test
  void eventsCommittedWhileTheFeedWasDownAreReplayedWhenItResumes() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-keys");
    TestServer first =
        TestServer.start(
            Map.of("ORDERSYNC_KEYS_DIR", keys.toString()), OrderSyncServer.Limits.none());
    TestServer writer = null;
    TestServer second = null;
    LiveSubscription feed = null;
    try {
      int port = first.port();
      Shop shop = openShop(port);
      Recorder board = new Recorder();
      feed =
          shop.owner()
              .live()
              .restaurantOrders(
                  board,
                  LiveOptions.defaults().reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)));
      board.next(LiveSnapshot.class);
      Order early = place(shop.anonymous(), shop);
      LiveEvent seenLast = board.eventOf(early.id(), "order.created");

      first.stopServerOnly();
      long until = System.nanoTime() + WAIT.toNanos();
      while (board.disconnects.isEmpty() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertFalse(board.disconnects.isEmpty(), "the feed saw the server go");

      // Meanwhile, through another instance the feed does not know: three orders and a step.
      writer =
          TestServer.startOn(
              first.database(),
              Map.of("ORDERSYNC_KEYS_DIR", keys.toString()),
              OrderSyncServer.Limits.none());
      assertNotEquals(port, writer.port(), "the feed must not reach the writer");
      OrderSyncClient elsewhere =
          OrderSyncClient.builder().baseUrl("http://127.0.0.1:" + writer.port()).build();
      List<UUID> missed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        missed.add(place(elsewhere, shop).id());
      }
      elsewhere.withTokenProvider(shop.session()).restaurantOrders().accept(early.id(), 10);
      writer.stopServerOnly();
      writer = null;
      assertTrue(
          board.seen.stream().noneMatch(LiveEvent.class::isInstance),
          "nothing reached the feed while it was down");

      second =
          TestServer.startOn(
              first.database(),
              Map.of("ORDERSYNC_KEYS_DIR", keys.toString(), "ORDERSYNC_PORT", String.valueOf(port)),
              OrderSyncServer.Limits.none());
      List<LiveEvent> replayed = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replayed.add(board.next(LiveEvent.class));
      }
      assertEquals(
          List.of(
              "order.created " + missed.get(0),
              "order.created " + missed.get(1),
              "order.created " + missed.get(2),
              "order.status_changed " + early.id()),
          replayed.stream().map(e -> e.type() + " " + e.order().id()).toList());
      assertEquals(OrderStatus.ACCEPTED, replayed.getLast().order().status());
      long expected = seenLast.feedSeq() + 1;
      Set<UUID> ids = new HashSet<>();
      for (LiveEvent e : replayed) {
        assertEquals(expected++, e.feedSeq(), "every missed event, in order");
        assertTrue(ids.add(e.eventId()), "no event twice");
      }
      assertTrue(
          board.seen.stream().noneMatch(LiveSnapshot.class::isInstance),
          "resumed by last_event_id, not by a new snapshot");

      // And it is live again: a new order arrives as the next event.
      Order after = place(shop.anonymous(), shop);
      LiveEvent next = board.next(LiveEvent.class);
      assertEquals(after.id(), next.order().id());
      assertEquals(expected, next.feedSeq());
      assertEquals(next.eventId().toString(), feed.lastEventId());
    } finally {
      if (feed != null) {
        feed.close();
      }
      if (writer != null) {
        writer.stopServerOnly();
      }
      if (second != null) {
        second.close();
      } else {
        first.database().close();
      }
      TestServer.deleteTree(keys);
    }
  }

  @Test
  void closeCodesStopWithTypedErrors() throws Exception {
    try (TestServer server = TestServer.start(Map.of(), OrderSyncServer.Limits.none())) {
      Shop shop = openShop(server.port());
      Order mine = place(shop.anonymous(), shop);
      Order other = place(shop.anonymous(), shop);

      Recorder wrongToken = new Recorder();
      try (LiveSubscription s =
          shop.anonymous().live().order(mine.id(), other.orderToken(), wrongToken)) {
        assertInstanceOf(PermissionException.class, wrongToken.next(OrderSyncException.class));
        assertFalse(s.isActive());
      }
      // 4401: the token is refused; the provider refreshes once and the feed opens with the new
      // one.
      String good = currentToken(shop);
      java.util.concurrent.atomic.AtomicInteger refreshes =
          new java.util.concurrent.atomic.AtomicInteger();
      TokenProvider stale =
          new TokenProvider() {
            private volatile String token = "expired.token.value";

            @Override
            public String accessToken() {
              return token;
            }

            @Override
            public String refreshAfterRejection(String rejected) {
              refreshes.incrementAndGet();
              token = good;
              return token;
            }
          };
      Recorder refreshed = new Recorder();
      try (LiveSubscription s =
          shop.anonymous().withTokenProvider(stale).live().restaurantOrders(refreshed)) {
        assertEquals(2, refreshed.next(LiveSnapshot.class).orders().size());
        assertEquals(1, refreshes.get());
        assertEquals(List.of(4401), refreshed.disconnects);
        assertTrue(s.isActive());
      }
      // A token that cannot be refreshed stops the feed with an AuthenticationException.
      Recorder refused = new Recorder();
      try (LiveSubscription s =
          shop.anonymous()
              .withAccessToken("expired.token.value")
              .live()
              .restaurantOrders(refused)) {
        assertInstanceOf(AuthenticationException.class, refused.next(OrderSyncException.class));
        assertFalse(s.isActive());
      }

      Recorder missing = new Recorder();
      try (LiveSubscription s = shop.owner().live().order(UUID.randomUUID(), null, missing)) {
        assertInstanceOf(NotFoundException.class, missing.next(OrderSyncException.class));
        assertFalse(s.isActive());
      }
    }
  }
}
