package dev.ordersync.core.analytics;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.payment.GetSettlement;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records the owners' report emails that are due (see {@link ReportSchedule}): the daily report of
 * yesterday or today, and the weekly summary of last week. Each is taken on once per restaurant,
 * kind and period, in the unit of work that records its email in the outbox, so two instances or a
 * rerun never send one twice; the outbox's source id ({@code daily-report:<restaurant>:<date>},
 * {@code weekly-report:<restaurant>:<monday>}) says the same again. A daily report of a day without
 * orders or refunds is taken on but not sent. A report missed for longer (the server was down for a
 * day) is not sent late.
 */
public final class SendOwnerReports {
  private static final Logger LOG = Logger.getLogger(SendOwnerReports.class.getName());

  /** Who gets reports, and which reports were taken on already. */
  public interface ReportRecipients {
    /** A restaurant with an owner, and the owner's choices (both on unless turned off). */
    record Recipient(UUID restaurantId, UUID ownerId, boolean daily, boolean weekly) {}

    List<Recipient> all();

    /**
     * Takes the report on: true the first time for this restaurant, kind and period (inside the
     * unit of work that records its email; a concurrent one waits for it), false ever after.
     */
    boolean claim(UUID restaurantId, NotificationKind kind, LocalDate period, Instant at);
  }

  /** How many reports were recorded this turn. */
  public record Sent(int daily, int weekly) {}

  private final ReportRecipients recipients;
  private final Restaurants restaurants;
  private final Users users;
  private final GetSalesAnalytics analytics;
  private final GetSettlement settlement;
  private final NotificationOutbox outbox;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public SendOwnerReports(
      ReportRecipients recipients,
      Restaurants restaurants,
      Users users,
      GetSalesAnalytics analytics,
      GetSettlement settlement,
      NotificationOutbox outbox,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.recipients = recipients;
    this.restaurants = restaurants;
    this.users = users;
    this.analytics = analytics;
    this.settlement = settlement;
    this.outbox = outbox;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  public Sent handle() {
    Instant now = clock.instant();
    int daily = 0;
    int weekly = 0;
    for (ReportRecipients.Recipient r : unitOfWork.run(recipients::all)) {
      try {
        Restaurant restaurant =
            unitOfWork.run(() -> restaurants.byId(r.restaurantId())).orElse(null);
        if (restaurant == null) {
          continue;
        }
        ZoneId zone = restaurant.timeZone();
        LocalDate today = now.atZone(zone).toLocalDate();
        // No report of a day or week that ended before the restaurant existed.
        LocalDate opened = restaurant.createdAt().atZone(zone).toLocalDate();
        if (r.daily()) {
          for (LocalDate day : List.of(today.minusDays(1), today)) {
            if (!day.isBefore(opened)
                && !now.isBefore(ReportSchedule.dailyDue(day, restaurant.hours(), zone))
                && daily(restaurant, r.ownerId(), day, now)) {
              daily++;
            }
          }
        }
        LocalDate monday = ReportSchedule.lastWeek(today);
        if (r.weekly()
            && !monday.plusDays(6).isBefore(opened)
            && !now.isBefore(ReportSchedule.weeklyDue(monday, zone))
            && weekly(restaurant, r.ownerId(), monday, now)) {
          weekly++;
        }
      } catch (RuntimeException e) {
        // One restaurant's failure (an erased owner, a bad row) does not stop the others.
        LOG.log(Level.WARNING, "could not record the reports of restaurant " + r.restaurantId(), e);
      }
    }
    return new Sent(daily, weekly);
  }

  private boolean daily(Restaurant restaurant, UUID ownerId, LocalDate day, Instant now) {
    return unitOfWork.run(
        () -> {
          if (!recipients.claim(restaurant.id(), NotificationKind.DAILY_REPORT, day, now)) {
            return false;
          }
          SalesAnalytics a =
              analytics.compute(restaurant.id(), new AnalyticsRange(day, day, Granularity.DAY));
          GetSettlement.Settlement s = settlement.ofRestaurant(restaurant.id(), day);
          if (a.orders() == 0 && a.refundCount() == 0 && s.paymentCount() == 0) {
            return false;
          }
          String email = emailOf(ownerId);
          if (email == null) {
            return false;
          }
          outbox.enqueue(
              new Notification(
                  "daily-report:" + restaurant.id() + ":" + day,
                  NotificationKind.DAILY_REPORT,
                  new Message(
                      Channel.EMAIL,
                      email,
                      ReportTemplates.dailySubject(restaurant.name(), day),
                      ReportTemplates.dailyBody(restaurant.name(), a, s)),
                  restaurant.id(),
                  ownerId));
          return true;
        });
  }

  private boolean weekly(Restaurant restaurant, UUID ownerId, LocalDate monday, Instant now) {
    return unitOfWork.run(
        () -> {
          if (!recipients.claim(restaurant.id(), NotificationKind.WEEKLY_REPORT, monday, now)) {
            return false;
          }
          String email = emailOf(ownerId);
          if (email == null) {
            return false;
          }
          SalesAnalytics week =
              analytics.compute(
                  restaurant.id(), new AnalyticsRange(monday, monday.plusDays(6), Granularity.DAY));
          SalesAnalytics before =
              analytics.compute(
                  restaurant.id(),
                  new AnalyticsRange(monday.minusWeeks(1), monday.minusDays(1), Granularity.DAY));
          outbox.enqueue(
              new Notification(
                  "weekly-report:" + restaurant.id() + ":" + monday,
                  NotificationKind.WEEKLY_REPORT,
                  new Message(
                      Channel.EMAIL,
                      email,
                      ReportTemplates.weeklySubject(restaurant.name(), monday),
                      ReportTemplates.weeklyBody(restaurant.name(), week, before)),
                  restaurant.id(),
                  ownerId));
          return true;
        });
  }

  private String emailOf(UUID ownerId) {
    return users.byId(ownerId).map(User::email).map(e -> e.value()).orElse(null);
  }

  /** The change from {@code before} to {@code now} in percent, to a tenth; null from nothing. */
  static BigDecimal change(long now, long before) {
    if (before == 0) {
      return null;
    }
    return BigDecimal.valueOf(now - before)
        .multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(before), 1, RoundingMode.HALF_UP);
  }
}
