package dev.ordersync.server.ws;

import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.live.EventLog;
import dev.ordersync.server.live.LiveEvent;
import dev.ordersync.server.observe.Tracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live sockets of this server instance, indexed by the order or restaurant they follow. Events
 * from the bus are handed to each interested socket's inbox without waiting; pings, the reaping of
 * silent sockets and a periodic sweep of the event log (which finds what a lost bus message or a
 * crash between COMMIT and publish left undelivered) run on a timer.
 */
public final class LiveHub implements EventBus.Subscriber, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LiveHub.class.getName());

  /** How long a socket waits for its turn to open in a burst before it is told to retry (1013). */
  static final Duration OPENING_WAIT = Duration.ofSeconds(5);

  private volatile boolean closed;
  private final EventLog log;
  private final int queueLimit;
  private final Duration pingInterval;
  private final Map<UUID, Set<LiveSocket>> byOrder = new ConcurrentHashMap<>();
  private final Map<UUID, Set<LiveSocket>> byRestaurant = new ConcurrentHashMap<>();
  private final Map<UUID, Set<LiveSocket>> byMenu = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("ordersync-live-timer").factory());
  private final Semaphore reads;
  private final Semaphore openings;
  private final Tracing tracing;
  private final long recheckEvery;
  private long ticks;

  /**
   * @param queueLimit messages that may wait for one socket before it is closed as too slow
   * @param pingInterval how often each socket is pinged; one silent for 2.5 intervals is cut
   * @param sweepInterval how often the event log is checked for events that no bus message brought
   * @param concurrentReads how many event-log reads may run at once (a share of the connection
   *     pool)
   * @param recheckInterval how often signed-in sockets check again that their session and access
   *     still hold
   * @param concurrentOpenings how many sockets may be opening at once (credential check, snapshot
   *     or replay: each holds a pooled connection while it runs), so that a burst of connects
   *     leaves the rest of the pool to REST and health
   */
  public LiveHub(
      EventLog log,
      int queueLimit,
      Duration pingInterval,
      Duration sweepInterval,
      int concurrentReads,
      Duration recheckInterval,
      int concurrentOpenings) {
    this(
        log,
        queueLimit,
        pingInterval,
        sweepInterval,
        concurrentReads,
        recheckInterval,
        concurrentOpenings,
        Tracing.off());
  }

  /**
   * @param tracing each delivery of an event to a socket is a span linked to the span of the change
   *     that caused the event
   */
  public LiveHub(
      EventLog log,
      int queueLimit,
      Duration pingInterval,
      Duration sweepInterval,
      int concurrentReads,
      Duration recheckInterval,
      int concurrentOpenings,
      Tracing tracing) {
    this.tracing = tracing;
    this.log = log;
    this.recheckEvery = Math.max(1, recheckInterval.toMillis() / pingInterval.toMillis());
    this.queueLimit = queueLimit;
    this.pingInterval = pingInterval;
    this.reads = new Semaphore(Math.max(1, concurrentReads));
    this.openings = new Semaphore(Math.max(1, concurrentOpenings), true);
    long ping = pingInterval.toMillis();
    timer.scheduleWithFixedDelay(this::pingAndReap, ping, ping, TimeUnit.MILLISECONDS);
    long sweep = sweepInterval.toMillis();
    timer.scheduleWithFixedDelay(() -> sweepQuietly(false), sweep, sweep, TimeUnit.MILLISECONDS);
  }

  Tracing tracing() {
    return tracing;
  }

  @Override
  public void deliver(LiveEvent event) {
    Set<LiveSocket> followers = byOrder.get(event.orderId());
    if (followers != null) {
      for (LiveSocket s : followers) {
        s.offer(event);
      }
    }
    Set<LiveSocket> feeds = byRestaurant.get(event.restaurantId());
    if (feeds != null) {
      for (LiveSocket s : feeds) {
        s.offer(event);
      }
    }
  }

  @Override
  public void deliverMenu(dev.ordersync.server.live.MenuEvent event) {
    Set<LiveSocket> followers = byMenu.get(event.restaurantId());
    if (followers != null) {
      for (LiveSocket s : followers) {
        s.offerMenu(event);
      }
    }
  }

  @Override
  public void resync() {
    run(() -> sweepQuietly(true));
  }

  private Map<UUID, Long> previousVersions = Map.of();
  private Map<UUID, Long> previousPositions = Map.of();

  /**
   * Asks every socket that is behind the event log to catch up. Periodically, only sockets still
   * behind what the log held at the previous sweep count (an event committed a moment ago is
   * normally on its way over the bus); after a resync, every socket behind counts.
   */
  synchronized void sweep(boolean now) {
    Map<UUID, Long> versions = read(() -> log.latestVersions(List.copyOf(byOrder.keySet())));
    Map<UUID, Long> positions = read(() -> log.feedPositions(List.copyOf(byRestaurant.keySet())));
    Map<UUID, Long> versionBar = now ? versions : previousVersions;
    Map<UUID, Long> positionBar = now ? positions : previousPositions;
    versionBar.forEach((order, version) -> behind(byOrder.get(order), version));
    positionBar.forEach((restaurant, position) -> behind(byRestaurant.get(restaurant), position));
    previousVersions = versions;
    previousPositions = positions;
  }

  private static void behind(Set<LiveSocket> sockets, long latest) {
    if (sockets != null) {
      for (LiveSocket s : sockets) {
        if (s.position() < latest) {
          s.offerCatchUp();
        }
      }
    }
  }

  private void sweepQuietly(boolean now) {
    try {
      sweep(now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not sweep the order event log for undelivered events", e);
    }
  }

  private void pingAndReap() {
    long deadAfter = pingInterval.toNanos() * 5 / 2;
    boolean recheck = ++ticks % recheckEvery == 0;
    for (LiveSocket s : all()) {
      if (recheck) {
        s.offerRecheck();
      }
      if (s.silentNanos() > deadAfter) {
        LiveMetrics.REAPED.increment();
        s.cut();
      } else {
        s.offerPing();
      }
    }
  }

  private List<LiveSocket> all() {
    List<LiveSocket> out = new ArrayList<>();
    byOrder.values().forEach(out::addAll);
    byRestaurant.values().forEach(out::addAll);
    byMenu.values().forEach(out::addAll);
    return out;
  }

  /**
   * Subscribes {@code s} and counts it open, unless it was removed already (its peer left while it
   * was opening): a socket is counted once when it comes in and once when it goes, here and nowhere
   * else, so {@code ordersync_ws_open} is exactly the sockets subscribed.
   *
   * @return false if the socket was removed before it could be added
   */
  boolean add(LiveSocket s) {
    synchronized (s) {
      if (s.hubState != LiveSocket.NEW) {
        return false;
      }
      s.hubState = LiveSocket.SUBSCRIBED;
      LiveMetrics.OPEN.incrementAndGet();
      if (s.order() != null) {
        byOrder.compute(s.order(), (k, set) -> with(set, s));
      }
      if (s.restaurant() != null) {
        byRestaurant.compute(s.restaurant(), (k, set) -> with(set, s));
      }
      if (s.menu() != null) {
        byMenu.compute(s.menu(), (k, set) -> with(set, s));
      }
      return true;
    }
  }

  /** Unsubscribes {@code s} (if it was added, counting it closed); it can never be added after. */
  void remove(LiveSocket s) {
    synchronized (s) {
      boolean subscribed = s.hubState == LiveSocket.SUBSCRIBED;
      s.hubState = LiveSocket.REMOVED;
      if (!subscribed) {
        return;
      }
      LiveMetrics.OPEN.decrementAndGet();
      if (s.order() != null) {
        byOrder.computeIfPresent(s.order(), (k, set) -> without(set, s));
      }
      if (s.restaurant() != null) {
        byRestaurant.computeIfPresent(s.restaurant(), (k, set) -> without(set, s));
      }
      if (s.menu() != null) {
        byMenu.computeIfPresent(s.menu(), (k, set) -> without(set, s));
      }
    }
  }

  /**
   * Runs one socket's opening when a place is free within {@link #OPENING_WAIT}; false (nothing
   * run) if the server stayed too busy opening others, and the caller closes with 1013.
   */
  boolean opening(Runnable open) {
    if (closed) {
      // The server is draining (decision 0049-deploy): 1013, try again later, lands elsewhere.
      return false;
    }
    try {
      if (!openings.tryAcquire(OPENING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LiveMetrics.BUSY.increment();
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      open.run();
      return true;
    } finally {
      openings.release();
    }
  }

  private static Set<LiveSocket> with(Set<LiveSocket> set, LiveSocket s) {
    Set<LiveSocket> out = set == null ? ConcurrentHashMap.newKeySet() : set;
    out.add(s);
    return out;
  }

  private static Set<LiveSocket> without(Set<LiveSocket> set, LiveSocket s) {
    set.remove(s);
    return set.isEmpty() ? null : set;
  }

  /**
   * A read of the event log, at most {@code concurrentReads} at once so that replays cannot drain
   * the pool.
   */
  <T> T read(Supplier<T> query) {
    try {
      reads.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to read the event log", e);
    }
    try {
      return query.get();
    } finally {
      reads.release();
    }
  }

  EventLog log() {
    return log;
  }

  int queueLimit() {
    return queueLimit;
  }

  void run(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  void later(long millis, Runnable task) {
    try {
      timer.schedule(task, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /** Closes every socket with 1001, so that clients resume elsewhere, then stops. */
  @Override
  public void close() {
    closed = true;
    List<Thread> frames = new ArrayList<>();
    for (LiveSocket s : all()) {
      Thread t = s.closing(CloseCodes.GOING_AWAY, "server stopping: resume with last_event_id");
      if (t != null) {
        frames.add(t);
      }
    }
    // The web server drops every connection when it stops: let the close frames out first (each
    // waits at most a
    // second for its socket's writer), so clients see 1001 and not an abnormal 1006.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    for (Thread t : frames) {
      try {
        t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    timer.shutdownNow();
    workers.shutdown();
  }
}
