package dev.ordersync.server;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.server.context.RequestContext;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.http.NotificationAdminRoutes;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.notify.Notifiers;
import dev.ordersync.server.notify.NotifySettings;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import dev.ordersync.server.postgres.PostgresNotificationOutbox;
import dev.ordersync.server.postgres.PostgresNotificationQueue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Notifications (issue 19): the outbox every feature records its messages in ({@link #outbox()},
 * inside the unit of work of the change), the dispatcher that sends them through each channel's
 * provider, and the admins' view of them. Wired before the features (they record into the outbox);
 * the dispatcher is started after the web server and stopped before it.
 *
 * <p>A channel without a provider is off: the server says so once at start, and messages of that
 * channel are recorded as dropped ({@code channel_off}) without their recipient or text, so nothing
 * waits forever.
 */
final class NotificationsWiring implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NotificationsWiring.class.getName());

  /** The provider of each channel, or empty when the channel is off. */
  interface Providers extends Function<Channel, Optional<Notifier>> {}

  private final PostgresNotificationOutbox outbox;
  private final PostgresNotificationQueue queue;
  private final NotificationDispatcher dispatcher;
  private final Duration maxAge;

  private NotificationsWiring(
      PostgresNotificationOutbox outbox,
      PostgresNotificationQueue queue,
      NotificationDispatcher dispatcher,
      Duration maxAge) {
    this.outbox = outbox;
    this.queue = queue;
    this.dispatcher = dispatcher;
    this.maxAge = maxAge;
  }

  /**
   * The providers the configuration names (Aligo, SendGrid); says once at start which channels are
   * on and why the others are off.
   */
  static Providers configured(ServerConfig config, dev.ordersync.server.observe.Tracing tracing) {
    return Notifiers.start(config.notifications(), tracing)::forChannel;
  }

  static NotificationsWiring wire(Infrastructure infra, Providers providers) {
    ServerConfig.NotifyDelivery s = infra.config().notifyDelivery();
    checkSendLease(s.sendLease(), infra.config().notifications());
    Map<Channel, Notifier> on = new EnumMap<>(Channel.class);
    for (Channel channel : Channel.values()) {
      Optional<Notifier> provider = providers.apply(channel);
      if (provider.isPresent()) {
        if (provider.get().channel() != channel) {
          throw new StartupException(
              "the " + channel + " provider sends " + provider.get().channel() + " instead");
        }
        on.put(channel, provider.get());
      } else {
        LOG.fine(channel + " is off: its messages are recorded as dropped (channel_off)");
      }
    }
    var queue = new PostgresNotificationQueue(infra.tx(), infra.columns());
    // The dispatcher's statements run on a pool of their own, never inside a unit of work.
    var sending =
        new PostgresNotificationQueue(
            new JdbcTransactions(infra.database().notifyDataSource()), infra.columns());
    var dispatcher =
        new NotificationDispatcher(
            sending,
            on,
            new NotificationDispatcher.Settings(
                s.concurrency(),
                s.claimLease(),
                s.sendLease(),
                s.pollInterval(),
                s.retryBase(),
                s.retryCap(),
                s.maxAge()));
    var outbox =
        new PostgresNotificationOutbox(
            infra.tx(),
            infra.columns(),
            on.keySet(),
            s.maxAge(),
            new PostgresNotificationOutbox.Listener() {
              @Override
              public void queued() {
                dispatcher.wake();
              }

              @Override
              public void channelOff(Notification n) {
                NotificationMetrics.failed(n.kind().channel(), "channel_off");
              }
            });
    return new NotificationsWiring(outbox, queue, dispatcher, s.maxAge());
  }

  /**
   * A send must end (answer or time-out) well within its lease, or a message still being sent would
   * be taken for unknown.
   */
  private static void checkSendLease(Duration lease, NotifySettings providers) {
    Duration longest = Duration.ZERO;
    if (providers.sms() != null) {
      longest = providers.sms().connectTimeout().plus(providers.sms().requestTimeout());
    }
    if (providers.email() != null) {
      Duration mail = providers.email().connectTimeout().plus(providers.email().requestTimeout());
      longest = mail.compareTo(longest) > 0 ? mail : longest;
    }
    if (lease.compareTo(longest) <= 0) {
      throw new StartupException(
          "ORDERSYNC_NOTIFY_SEND_LEASE ("
              + lease
              + ") must be longer than a provider call may take (connect and request time-outs: "
              + longest
              + ")");
    }
  }

  /**
   * Where features record the messages their changes cause, inside the change's unit of work:
   * {@code notifications.outbox().enqueue(notification)}.
   */
  NotificationOutbox outbox() {
    return outbox;
  }

  PostgresNotificationQueue queue() {
    return queue;
  }

  /** Starts sending. */
  void start() {
    dispatcher.start();
  }

  /**
   * The admins' routes: retries audited, and reads of masked recipients recorded as personal-data
   * accesses.
   */
  NotificationAdminRoutes adminRoutes(
      Infrastructure infra,
      PostgresAuditTrail audit,
      PersonalDataAccessLog reads,
      Authenticator auth) {
    return new NotificationAdminRoutes(
        new AdminView(infra.tx(), queue, audit, maxAge, reads), auth, infra.maxBodyBytes());
  }

  @Override
  public void close() {
    dispatcher.close();
  }

  /** The queue as the admin routes see it. */
  private record AdminView(
      JdbcTransactions tx,
      PostgresNotificationQueue queue,
      PostgresAuditTrail audit,
      Duration maxAge,
      PersonalDataAccessLog reads)
      implements NotificationAdminRoutes.Notifications {
    /**
     * The page, and a record that the admin read the masked recipients of whose it shows (one per
     * request), in one unit of work.
     */
    @Override
    public List<Map<String, Object>> list(String status, UUID before, int limit) {
      return tx.run(
          () -> {
            var rows = queue.list(status, before, limit);
            List<String> subjects =
                rows.stream()
                    .filter(r -> r.maskedRecipient() != null)
                    .map(PostgresNotificationQueue.Row::subjectKey)
                    .distinct()
                    .toList();
            var caller = RequestContext.current().map(RequestContext::caller).orElse(null);
            if (!subjects.isEmpty() && caller instanceof Caller.SignedIn admin) {
              reads.record(
                  PersonalDataAccess.by(
                      admin, "admin_notifications", subjects, List.of("recipient_masked")));
            }
            return rows.stream().map(AdminView::view).toList();
          });
    }

    @Override
    public Map<String, Object> retry(UUID id) {
      return tx.run(
          () -> {
            var before =
                queue.byId(id).orElseThrow(() -> new DomainException.NotFound("notification"));
            switch (queue.retry(id, maxAge)) {
              case NOT_FOUND -> throw new DomainException.NotFound("notification");
              case NOT_RETRYABLE ->
                  throw new DomainException.Conflict(
                      "not_retryable",
                      "only a failed or unknown notification can be retried; this one is "
                          + before.status());
              case RETRIED -> {}
            }
            audit.record(
                "RETRY_NOTIFICATION",
                "notification",
                id.toString(),
                Json.text(Map.of("status", before.status())),
                Json.text(Map.of("status", "pending")));
            return view(queue.byId(id).orElseThrow());
          });
    }

    static Map<String, Object> view(PostgresNotificationQueue.Row r) {
      var m = new LinkedHashMap<String, Object>();
      m.put("id", r.id().toString());
      m.put("kind", r.kind().name());
      m.put("channel", r.channel().name());
      m.put("recipient", r.maskedRecipient());
      m.put("status", r.status());
      m.put("attempts", r.attempts());
      m.put("last_code", r.lastCode());
      m.put("last_detail", r.lastDetail());
      m.put("created_at", r.createdAt() == null ? null : r.createdAt().toString());
      m.put("next_attempt_at", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
      m.put("restaurant_id", r.restaurantId() == null ? null : r.restaurantId().toString());
      return m;
    }
  }
}
