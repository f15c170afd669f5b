package dev.ordersync.server;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.core.notify.SendOutcome;
import dev.ordersync.server.postgres.PostgresNotificationQueue;
import dev.ordersync.server.postgres.PostgresNotificationQueue.Claimed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the recorded notifications (decision 42). One lane per channel that has a provider, so a
 * provider that hangs holds only its own lane: each lane claims due messages with {@code FOR UPDATE
 * SKIP LOCKED} and a lease (instances share the work, none takes another's row), and sends at most
 * {@code concurrency} at once, each on a virtual thread. Before each send the row is marked {@code
 * sending} and committed; after it the outcome is recorded: sent; pending again after an
 * exponential backoff with full jitter (at least what the provider asked for) until the message
 * expires; failed (a dead letter with the provider's code); or unknown (never sent again by
 * itself). A lane wakes at once when this instance commits a message, and polls for those of other
 * instances.
 *
 * <p>Every second a sweep turns rows left {@code sending} past their lease into {@code unknown} and
 * refreshes the queue gauges.
 */
final class NotificationDispatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class.getName());

  /**
   * How the dispatcher works.
   *
   * @param concurrency sends at once per channel
   * @param claimLease how long a claimed message is this instance's before it is marked sending
   * @param sendLease how long a message may stay sending before it is taken for unknown (longer
   *     than any provider's timeout)
   * @param pollInterval how often a lane looks for messages committed by other instances
   * @param retryBase the first retry's backoff ceiling, doubled each attempt
   * @param retryCap the largest backoff ceiling
   * @param maxAge how long a message is retried before it fails as expired
   */
  record Settings(
      int concurrency,
      Duration claimLease,
      Duration sendLease,
      Duration pollInterval,
      Duration retryBase,
      Duration retryCap,
      Duration maxAge) {}

  private final PostgresNotificationQueue queue;
  private final Settings settings;
  private final String owner = "dispatcher-" + UUID.randomUUID();
  private final List<Lane> lanes = new ArrayList<>();
  private final ScheduledExecutorService sweeper;

  NotificationDispatcher(
      PostgresNotificationQueue queue, Map<Channel, Notifier> providers, Settings settings) {
    this.queue = queue;
    this.settings = settings;
    providers.forEach((channel, notifier) -> lanes.add(new Lane(channel, notifier)));
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("notifications-sweep").factory());
  }

  void start() {
    lanes.forEach(Lane::start);
    sweeper.scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
  }

  /** Something was committed to send: every lane looks now rather than at its next poll. */
  void wake() {
    lanes.forEach(Lane::wake);
  }

  private void sweep() {
    try {
      int expired = queue.expireSending();
      if (expired > 0) {
        LOG.warning(
            expired
                + " notification(s) left sending past their lease are now unknown: their sender"
                + " stopped mid-send; see GET /api/v1/admin/notifications?status=unknown");
      }
      var depth = queue.depth();
      NotificationMetrics.depth(depth.pending(), depth.oldestAgeSeconds());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not sweep the notifications", e);
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} after {@code attempt} failed: uniformly random up
   * to {@code min(cap, base * 2^(attempt - 1))} (full jitter), and never less than the provider
   * asked.
   */
  static Duration backoff(Settings s, int attempt, Duration retryAfter) {
    return LeasedLane.fullJitter(s.retryBase(), s.retryCap(), attempt, retryAfter);
  }

  /** One channel's sends: its {@link LeasedLane} claims, this sends and records. */
  private final class Lane implements LeasedLane.Work<Claimed> {
    private final Channel channel;
    private final Notifier notifier;
    private final LeasedLane<Claimed> lane;

    Lane(Channel channel, Notifier notifier) {
      this.channel = channel;
      this.notifier = notifier;
      this.lane =
          new LeasedLane<>(
              "notifications-" + channel.name().toLowerCase(java.util.Locale.ROOT),
              this,
              settings.concurrency(),
              settings.pollInterval());
    }

    void start() {
      lane.start();
    }

    void wake() {
      lane.wake();
    }

    @Override
    public List<Claimed> claim(int limit) {
      return queue.claim(channel, owner, limit, settings.claimLease());
    }

    @Override
    public void release(Claimed c) {
      queue.release(c.id(), owner);
    }

    @Override
    public void deliver(Claimed c) {
      Message message;
      try {
        message = queue.open(c);
        if (message == null) {
          if (queue.dropUnreadable(c.id(), owner)) {
            NotificationMetrics.failed(channel, "erased");
          }
          return;
        }
        if (!queue.markSending(c.id(), owner, settings.sendLease())) {
          return; // erased or dropped meanwhile: not ours to send
        }
      } catch (RuntimeException e) {
        // Not marked: the claim runs out and the message is claimed again, never sent twice.
        LOG.log(Level.WARNING, "could not start sending notification " + c.id(), e);
        return;
      }
      SendOutcome outcome;
      try {
        outcome = notifier.send(message);
      } catch (RuntimeException e) {
        // The adapter broke its promise never to throw: whether it sent is not known.
        outcome = new SendOutcome.Unknown("the provider adapter failed: " + e);
      }
      SendOutcome result = outcome;
      record(c, () -> recordOutcome(c, result));
    }

    private boolean recordOutcome(Claimed c, SendOutcome outcome) {
      switch (outcome) {
        case SendOutcome.Sent s -> {
          if (queue.sent(c.id(), owner, s.providerMessageId())) {
            NotificationMetrics.sent(channel, c.kind());
          }
        }
        case SendOutcome.Refused r -> {
          if (queue.failed(c.id(), owner, r.code(), r.detail())) {
            NotificationMetrics.failed(channel, "refused");
            LOG.warning(
                "notification " + c.id() + " refused by the " + channel + " provider: " + r.code());
          }
        }
        case SendOutcome.Unknown u -> {
          if (queue.unknown(c.id(), owner, "unknown", u.detail())) {
            NotificationMetrics.failed(channel, "unknown");
          }
        }
        case SendOutcome.RetryLater r -> {
          Duration wait = backoff(settings, c.attempts() + 1, r.retryAfter());
          Optional<String> now = queue.retryLater(c.id(), owner, r.code(), r.detail(), wait);
          if (now.isPresent() && now.get().equals("failed")) {
            NotificationMetrics.failed(channel, "expired");
          }
        }
      }
      return true;
    }

    /**
     * Records an outcome, trying again for a while if the database does not answer: a message left
     * sending would turn unknown though its outcome is known.
     */
    private void record(Claimed c, Supplier<Boolean> step) {
      long wait = 100;
      long deadline = System.nanoTime() + settings.sendLease().toNanos() / 2;
      while (true) {
        try {
          step.get();
          return;
        } catch (RuntimeException e) {
          if (System.nanoTime() > deadline) {
            LOG.log(Level.WARNING, "could not record the outcome of notification " + c.id(), e);
            return;
          }
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        wait = Math.min(wait * 2, 2_000);
      }
    }

    void close(long deadlineNanos) {
      lane.close(deadlineNanos);
    }
  }

  /**
   * Stops claiming, lets the sends under way finish and record their outcome (for a while: a send
   * cut short stays sending and turns unknown), and stops the sweep.
   */
  @Override
  public void close() {
    sweeper.shutdownNow();
    long deadline =
        System.nanoTime() + Math.min(10_000, settings.sendLease().toMillis()) * 1_000_000;
    lanes.forEach(l -> l.close(deadline));
  }
}
