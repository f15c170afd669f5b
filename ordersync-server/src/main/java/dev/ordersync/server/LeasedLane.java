package dev.ordersync.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One claiming loop over a table of leased work, and its sends (decision 42; shared by the
 * notification lanes and the webhook dispatcher): claims due rows in batches (one statement, {@code
 * FOR UPDATE SKIP LOCKED} in the {@link Work}), keeps up to twice {@code concurrency} claimed, and
 * runs at most {@code concurrency} at once, each on a virtual thread, so one hanging send holds one
 * permit and nothing else. It wakes at once when this instance commits work ({@link #wake}) and
 * polls for other instances' work.
 *
 * @param <C> a claimed row
 */
final class LeasedLane<C> {
  private static final Logger LOG = Logger.getLogger(LeasedLane.class.getName());

  /** The table the lane works on. */
  interface Work<C> {
    /** Leases up to {@code limit} due rows to this lane's owner. */
    List<C> claim(int limit);

    /** Sends one claimed row and records its outcome; never throws. */
    void deliver(C claimed);

    /** Gives a claimed row back unsent (stopping). */
    void release(C claimed);
  }

  private final String name;
  private final Work<C> work;
  private final int concurrency;
  private final Duration pollInterval;
  private final Semaphore permits;
  private final Semaphore signal = new Semaphore(0);
  private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger held = new AtomicInteger();
  private Thread loop;
  private volatile boolean backlog;
  private volatile boolean closed;

  LeasedLane(String name, Work<C> work, int concurrency, Duration pollInterval) {
    this.name = name;
    this.work = work;
    this.concurrency = concurrency;
    this.pollInterval = pollInterval;
    this.permits = new Semaphore(concurrency);
  }

  void start() {
    loop = Thread.ofVirtual().name(name).start(this::run);
  }

  boolean closed() {
    return closed;
  }

  void wake() {
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} after {@code attempt} failed: uniformly random up
   * to {@code min(cap, base * 2^(attempt - 1))} (full jitter), and never less than {@code atLeast}
   * (null: no floor).
   */
  static Duration fullJitter(Duration base, Duration cap, int attempt, Duration atLeast) {
    long ceiling = base.toMillis();
    for (int i = 1; i < attempt && ceiling < cap.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, cap.toMillis());
    long wait = ThreadLocalRandom.current().nextLong(ceiling + 1);
    if (atLeast != null && atLeast.toMillis() > wait) {
      wait = atLeast.toMillis();
    }
    return Duration.ofMillis(wait);
  }

  /**
   * Claims in batches and keeps up to twice the concurrency claimed (half of them waiting for a
   * send to end): under a backlog the lane claims again only once half a batch has room, so the
   * claims, one statement each and made by this one thread, never bound the rate of sends.
   */
  private void run() {
    long poll = pollInterval.toMillis();
    int most = 2 * concurrency;
    int batch = Math.max(1, concurrency / 2);
    while (!closed) {
      try {
        int room = most - held.get();
        if (room >= batch || held.get() == 0) {
          List<C> claimed = work.claim(room);
          held.addAndGet(claimed.size());
          for (C c : claimed) {
            sends.execute(() -> sendWhenFree(c, most - batch));
          }
          backlog = claimed.size() == room;
          if (backlog) {
            continue;
          }
        }
        // Woken by a commit of this instance, or the poll for other instances' work.
        if (signal.tryAcquire(poll, TimeUnit.MILLISECONDS)) {
          signal.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (dev.ordersync.server.postgres.StorageException.connectionLost(e)) {
          // An outage is one event: a line each round, not a stack trace (DatabaseOutageTest).
          LOG.warning(() -> "could not claim work for " + name + ": the database is unreachable");
        } else {
          LOG.log(Level.WARNING, "could not claim work for " + name, e);
        }
        try {
          Thread.sleep(Math.max(poll, 500));
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /** Sends a claimed row once one of the lane's sends is free. */
  private void sendWhenFree(C c, int wakeAt) {
    try {
      permits.acquire();
      try {
        if (closed) {
          work.release(c);
        } else {
          work.deliver(c);
        }
      } finally {
        permits.release();
      }
    } catch (InterruptedException e) {
      // Stopping: leave it to be claimed again (by this instance's successor or another).
      try {
        work.release(c);
      } catch (RuntimeException ignored) {
        // its claim runs out by itself
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, name + " could not deliver " + c, e);
    } finally {
      if (held.decrementAndGet() <= wakeAt && backlog) {
        wake();
      }
    }
  }

  /** Stops claiming and lets the sends under way finish until {@code deadlineNanos}. */
  void close(long deadlineNanos) {
    closed = true;
    if (loop != null) {
      loop.interrupt();
    }
    sends.shutdown();
    try {
      long left = deadlineNanos - System.nanoTime();
      if (!sends.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        sends.shutdownNow();
      }
      if (loop != null) {
        loop.join(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
