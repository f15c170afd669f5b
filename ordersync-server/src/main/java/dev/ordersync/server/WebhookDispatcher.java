package dev.ordersync.server;

import dev.ordersync.core.notify.AccountEmails;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresWebhooks;
import dev.ordersync.server.postgres.PostgresWebhooks.Claimed;
import dev.ordersync.server.postgres.PostgresWebhooks.Outgoing;
import dev.ordersync.server.webhooks.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the recorded webhook deliveries (decision 0045-webhooks) through a {@link LeasedLane}, the
 * notification pipeline's claiming loop: due deliveries of enabled endpoints are leased with {@code
 * FOR UPDATE SKIP LOCKED} (instances share the work), at most {@code concurrency} sent at once,
 * each on a virtual thread with a connect and a request time-out, so an endpoint that hangs holds
 * only its own sends. A 2xx delivers; anything else is retried after an exponential backoff with
 * full jitter until the delivery's window ends. An endpoint that has failed for the whole window is
 * disabled, and its restaurant's owners are emailed through the notification outbox in the same
 * transaction. At least once: a sender that dies mid-send leaves its lease to run out, and the
 * delivery goes again with the same event id.
 */
final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

  private final PostgresWebhooks deliveries;
  private final JdbcTransactions mainTx;
  private final PostgresWebhooks inUnitOfWork;
  private final AccountEmails emails;
  private final WebhookSender sender;
  private final ServerConfig.WebhookDelivery settings;
  private final Clock clock;
  private final String owner = "webhooks-" + UUID.randomUUID();
  private final LeasedLane<Claimed> lane;
  private final ScheduledExecutorService sweeper;

  /**
   * @param deliveries the dispatcher's statements, on a pool of their own
   * @param mainTx where an endpoint is disabled and its owners' email recorded, together
   * @param inUnitOfWork the store on {@code mainTx}
   */
  WebhookDispatcher(
      PostgresWebhooks deliveries,
      JdbcTransactions mainTx,
      PostgresWebhooks inUnitOfWork,
      AccountEmails emails,
      WebhookSender sender,
      ServerConfig.WebhookDelivery settings,
      Clock clock) {
    this.deliveries = deliveries;
    this.mainTx = mainTx;
    this.inUnitOfWork = inUnitOfWork;
    this.emails = emails;
    this.sender = sender;
    this.settings = settings;
    this.clock = clock;
    this.lane =
        new LeasedLane<>("webhooks", new Sends(), settings.concurrency(), settings.pollInterval());
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("webhooks-lag").factory());
  }

  void start() {
    lane.start();
    sweeper.scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
  }

  /** A delivery was committed by this instance: send it now rather than at the next poll. */
  void wake() {
    lane.wake();
  }

  private void sweep() {
    try {
      var lag = deliveries.lag();
      WebhookMetrics.lag(lag.due(), lag.oldestDueSeconds());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not read the webhook lag", e);
    }
  }

  private final class Sends implements LeasedLane.Work<Claimed> {
    @Override
    public List<Claimed> claim(int limit) {
      return deliveries.claim(owner, limit, settings.claimLease());
    }

    @Override
    public void release(Claimed c) {
      deliveries.release(c, owner);
    }

    @Override
    public void deliver(Claimed c) {
      Optional<Outgoing> outgoing = deliveries.open(c);
      if (outgoing.isEmpty()) {
        if (deliveries.drop(c, owner, "erased")) {
          WebhookMetrics.result("dropped");
        }
        return;
      }
      Outgoing o = outgoing.get();
      WebhookSender.Result result =
          sender.send(
              o.url(),
              c.eventId(),
              o.body(),
              o.secret(),
              o.previousSecret(),
              clock.instant().getEpochSecond());
      if (result.delivered()) {
        if (deliveries.delivered(c, owner, result.statusCode())) {
          WebhookMetrics.result("delivered");
        }
        return;
      }
      Duration wait =
          LeasedLane.fullJitter(settings.retryBase(), settings.retryCap(), c.attempts() + 1, null);
      String error = result.error() != null ? result.error() : "answered " + result.statusCode();
      Optional<String> now = deliveries.attemptFailed(c, owner, result.statusCode(), error, wait);
      now.ifPresent(s -> WebhookMetrics.result(s.equals("failed") ? "failed" : "retry"));
      boolean outOfWindow = now.isPresent() && now.get().equals("failed");
      disableIfFailingTooLong(c.endpointId(), outOfWindow);
    }
  }

  /**
   * Disables the endpoint when it has failed, with no success since, for the failure window; or,
   * when a delivery has just run out of its window ({@code outOfWindow}), for that window less two
   * backoff ceilings (its last attempt comes up to a ceiling before its end, so without the margin
   * an endpoint that receives nothing more would never be disabled).
   */
  private void disableIfFailingTooLong(UUID endpointId, boolean outOfWindow) {
    Duration window = settings.failureWindow();
    if (outOfWindow) {
      Duration margin = settings.retryCap().multipliedBy(2);
      window =
          margin.compareTo(window.dividedBy(2)) < 0 ? window.minus(margin) : window.dividedBy(2);
    }
    Duration failingFor = window;
    try {
      mainTx.run(
          () -> {
            inUnitOfWork
                .disableIfFailingFor(endpointId, failingFor)
                .ifPresent(
                    d -> {
                      LOG.warning(
                          "webhook endpoint "
                              + endpointId
                              + " failed for "
                              + settings.failureWindow()
                              + " and is disabled; its owners are emailed");
                      emails.webhookDisabled(
                          d.restaurantId(),
                          endpointId,
                          d.url(),
                          human(settings.failureWindow()),
                          clock.instant());
                    });
            return null;
          });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not check webhook endpoint " + endpointId, e);
    }
  }

  /** {@code 3일 (3 days)}, {@code 2시간 (2 hours)}, {@code 90초 (90 seconds)}. */
  static String human(Duration d) {
    if (d.toDays() >= 1 && d.toHours() % 24 == 0) {
      return d.toDays() + "일 (" + d.toDays() + (d.toDays() == 1 ? " day)" : " days)");
    }
    if (d.toHours() >= 1 && d.toMinutes() % 60 == 0) {
      return d.toHours() + "시간 (" + d.toHours() + " hours)";
    }
    return d.toSeconds() + "초 (" + d.toSeconds() + " seconds)";
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    lane.close(System.nanoTime() + 5_000_000_000L);
    sender.close();
  }
}
