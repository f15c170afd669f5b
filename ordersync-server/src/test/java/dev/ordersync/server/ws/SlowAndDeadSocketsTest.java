package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.live.EventLog;
import dev.ordersync.server.live.LiveEvent;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlowAndDeadSocketsTest {
  static final EventLog EMPTY_LOG =
      new EventLog() {
        @Override
        public List<LiveEvent> ofOrder(UUID orderId, long afterVersion, int limit) {
          return List.of();
        }

        @Override
        public List<LiveEvent> ofRestaurant(UUID restaurantId, long afterPosition, int limit) {
          return List.of();
        }

        @Override
        public Optional<LiveEvent> byId(UUID eventId) {
          return Optional.empty();
        }

        @Override
        public Map<UUID, Long> latestVersions(Collection<UUID> orderIds) {
          return Map.of();
        }

        @Override
        public Map<UUID, Long> feedPositions(Collection<UUID> restaurantIds) {
          return Map.of();
        }
      };

  /**
   * A session that records what is written; a stuck one blocks its first write until interrupted.
   */
  static final class FakeSession implements WsSession {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<Integer> closes = new CopyOnWriteArrayList<>();
    final CountDownLatch interrupted = new CountDownLatch(1);
    final boolean stuck;
    volatile int pings;

    FakeSession(boolean stuck) {
      this.stuck = stuck;
    }

    @Override
    public WsSession send(String text, boolean last) {
      if (stuck) {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw new IllegalStateException("socket closed");
        }
      }
      texts.add(text);
      return this;
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
      return this;
    }

    @Override
    public WsSession ping(BufferData bufferData) {
      pings++;
      return this;
    }

    @Override
    public WsSession pong(BufferData bufferData) {
      return this;
    }

    @Override
    public WsSession close(int code, String reason) {
      closes.add(code);
      return this;
    }

    @Override
    public WsSession terminate() {
      return this;
    }

    @Override
    public SocketContext socketContext() {
      return null;
    }
  }

  static LiveEvent event(UUID order, long version) {
    return new LiveEvent(
        UUID.randomUUID(),
        order,
        UUID.randomUUID(),
        version,
        version,
        "order.status_changed",
        "{\"type\":\"order.status_changed\",\"v\":" + version + "}",
        1);
  }

  @Test
  void aStuckClientIsClosedWith4409AndNobodyElseWaitsForIt() throws Exception {
    try (LiveHub hub =
        new LiveHub(
            EMPTY_LOG,
            20,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            2,
            Duration.ofSeconds(60),
            2)) {
      UUID order = UUID.randomUUID();
      FakeSession stuckSession = new FakeSession(true);
      FakeSession fastSession = new FakeSession(false);
      OrderFollower stuck = new OrderFollower(stuckSession, hub, order);
      OrderFollower fast = new OrderFollower(fastSession, hub, order);
      for (OrderFollower f : List.of(stuck, fast)) {
        hub.add(f);
        f.startAt(0);
        f.start();
      }
      long before = (long) LiveMetrics.SLOW_CLOSED.count();
      for (int v = 1; v <= 50; v++) {
        hub.deliver(
            event(
                order, v)); // a steady stream: the healthy socket keeps up, the stuck one piles up
        Thread.sleep(2);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (fastSession.texts.size() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(50, fastSession.texts.size(), "the healthy socket got every event");
      assertTrue(stuck.closed(), "the stuck socket was closed once its queue was full");
      assertTrue(stuckSession.interrupted.await(5, TimeUnit.SECONDS), "its blocked write was cut");
      assertEquals(before + 1, (long) LiveMetrics.SLOW_CLOSED.count());
      hub.deliver(event(order, 51));
      Thread.sleep(100);
      assertEquals(51, fastSession.texts.size());
      assertTrue(fastSession.texts.getLast().startsWith("{\"seq\":51,"));
    }
  }

  @Test
  void socketsArePingedAndOneThatStaysSilentIsReaped() throws Exception {
    try (LiveHub hub =
        new LiveHub(
            EMPTY_LOG,
            100,
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            2,
            Duration.ofSeconds(60),
            2)) {
      FakeSession silentSession = new FakeSession(false);
      FakeSession aliveSession = new FakeSession(false);
      OrderFollower silent = new OrderFollower(silentSession, hub, UUID.randomUUID());
      OrderFollower alive = new OrderFollower(aliveSession, hub, UUID.randomUUID());
      for (OrderFollower f : List.of(silent, alive)) {
        hub.add(f);
        f.startAt(0);
        f.start();
      }
      long before = (long) LiveMetrics.REAPED.count();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
      while (System.nanoTime() < end) {
        alive.heard(); // its pongs
        Thread.sleep(20);
      }
      assertTrue(silentSession.pings > 0 && aliveSession.pings > 2, "both were pinged");
      assertTrue(silent.closed(), "the silent one was reaped after 2.5 ping intervals");
      assertTrue(!alive.closed(), "the one that answers stays");
      assertTrue((long) LiveMetrics.REAPED.count() >= before + 1);
    }
  }

  @Test
  void aJumpInVersionsIsRepairedFromTheEventLogBeforeTheLaterEventIsSent() throws Exception {
    UUID order = UUID.randomUUID();
    EventLog log =
        new EventLog() {
          @Override
          public List<LiveEvent> ofOrder(UUID orderId, long afterVersion, int limit) {
            return java.util.stream.LongStream.rangeClosed(afterVersion + 1, 4)
                .mapToObj(v -> event(order, v))
                .toList();
          }

          @Override
          public List<LiveEvent> ofRestaurant(UUID restaurantId, long afterPosition, int limit) {
            return List.of();
          }

          @Override
          public Optional<LiveEvent> byId(UUID eventId) {
            return Optional.empty();
          }

          @Override
          public Map<UUID, Long> latestVersions(Collection<UUID> orderIds) {
            return Map.of();
          }

          @Override
          public Map<UUID, Long> feedPositions(Collection<UUID> restaurantIds) {
            return Map.of();
          }
        };
    try (LiveHub hub =
        new LiveHub(
            log,
            100,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            2,
            Duration.ofSeconds(60),
            2)) {
      FakeSession session = new FakeSession(false);
      OrderFollower f = new OrderFollower(session, hub, order);
      hub.add(f);
      f.startAt(1);
      f.start();
      hub.deliver(event(order, 4)); // 2 and 3 were lost on the bus
      hub.deliver(event(order, 3)); // late: already repaired
      hub.deliver(event(order, 5));
      Thread.sleep(300);
      assertEquals(4, session.texts.size(), session.texts::toString);
      for (int i = 0; i < 4; i++) {
        assertTrue(
            session.texts.get(i).startsWith("{\"seq\":" + (i + 2) + ","), session.texts::toString);
      }
    }
  }

  @Test
  void anEventLostOnTheBusWithNothingAfterItArrivesByTheSweep() throws Exception {
    UUID order = UUID.randomUUID();
    EventLog log =
        new EventLog() {
          @Override
          public List<LiveEvent> ofOrder(UUID orderId, long afterVersion, int limit) {
            return afterVersion < 2 ? List.of(event(order, 2)) : List.of();
          }

          @Override
          public List<LiveEvent> ofRestaurant(UUID restaurantId, long afterPosition, int limit) {
            return List.of();
          }

          @Override
          public Optional<LiveEvent> byId(UUID eventId) {
            return Optional.empty();
          }

          @Override
          public Map<UUID, Long> latestVersions(Collection<UUID> orderIds) {
            return orderIds.contains(order) ? Map.of(order, 2L) : Map.of();
          }

          @Override
          public Map<UUID, Long> feedPositions(Collection<UUID> restaurantIds) {
            return Map.of();
          }
        };
    try (LiveHub hub =
        new LiveHub(
            log,
            100,
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            2,
            Duration.ofSeconds(60),
            2)) {
      FakeSession session = new FakeSession(false);
      OrderFollower f = new OrderFollower(session, hub, order);
      hub.add(f);
      f.startAt(1);
      f.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (session.texts.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(
          1,
          session.texts.size(),
          "the committed version 2 was found in the log although no message came");
      assertTrue(session.texts.getFirst().startsWith("{\"seq\":2,"));
      Thread.sleep(300);
      assertEquals(1, session.texts.size(), "and only once");
    }
  }
}
