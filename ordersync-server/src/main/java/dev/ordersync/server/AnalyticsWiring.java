package dev.ordersync.server;

import dev.ordersync.core.analytics.GetPlatformAnalytics;
import dev.ordersync.core.analytics.GetSalesAnalytics;
import dev.ordersync.core.analytics.SendOwnerReports;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.payment.GetSettlement;
import dev.ordersync.core.payment.Ledger;
import dev.ordersync.server.http.AdminAnalyticsRoutes;
import dev.ordersync.server.http.AnalyticsRoutes;
import dev.ordersync.server.postgres.PostgresReports;
import dev.ordersync.server.postgres.PostgresSalesFigures;
import dev.ordersync.server.toss.NoPaymentGateway;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sales analytics: the owner's and the administrators' views, the rollup job that keeps them fast,
 * the owner's choice of report emails, and the reports themselves (recorded in a notification
 * outbox).
 */
record AnalyticsWiring(
    PostgresSalesFigures figures,
    GetSalesAnalytics analytics,
    AnalyticsRoutes routes,
    AdminAnalyticsRoutes adminRoutes,
    PostgresReports reports,
    GetSettlement settlement,
    Adapters adapters,
    Infrastructure infra,
    java.util.Optional<NotificationOutbox> outbox) {
  private static final Logger LOG = Logger.getLogger(AnalyticsWiring.class.getName());

  /** Events read per restaurant per transaction of the rollup job. */
  static final int ROLLUP_BATCH = 20_000;

  /** How often the job looks for owners' reports that are due. */
  static final int REPORTS_MINUTES = 5;

  /**
   * @param outbox where the owners' report emails are recorded; empty: no scheduled reports (the
   *     notification outbox's PostgreSQL implementation is wired by the notifications feature)
   */
  static AnalyticsWiring wire(
      Infrastructure infra,
      Adapters a,
      Credentials c,
      java.util.Optional<NotificationOutbox> outbox) {
    var tx = infra.tx();
    var clock = infra.clock();
    var figures = new PostgresSalesFigures(tx);
    var analytics = new GetSalesAnalytics(figures, a.restaurants(), a.staff(), tx, clock);
    var reports = new PostgresReports(tx);
    // The settlement only reads payments; the gateway is never called.
    var ledger =
        new Ledger(
            a.payments(), a.paymentEvents(), NoPaymentGateway.INSTANCE, a.orderChanges(), clock);
    return new AnalyticsWiring(
        figures,
        analytics,
        new AnalyticsRoutes(analytics, c.auth()),
        new AdminAnalyticsRoutes(new GetPlatformAnalytics(figures, tx), c.auth(), clock),
        reports,
        new GetSettlement(ledger, a.restaurants(), a.staff(), infra.config().toss().feeRate()),
        a,
        infra,
        outbox);
  }

  /** The scheduled reports, when there is an outbox to record them in. */
  java.util.Optional<SendOwnerReports> scheduledReports() {
    return outbox.map(this::reportsTo);
  }

  /** The owners' reports, recorded in {@code outbox}. */
  SendOwnerReports reportsTo(NotificationOutbox outbox) {
    return new SendOwnerReports(
        reports,
        adapters.restaurants(),
        adapters.users(),
        analytics,
        settlement,
        outbox,
        infra.tx(),
        infra.clock());
  }

  /**
   * Brings every restaurant's rollups up to its feed, a batch per restaurant at a time, for at most
   * {@code budgetMillis}.
   *
   * @return the events read
   */
  long rollUp(long budgetMillis) {
    long deadline = System.nanoTime() + budgetMillis * 1_000_000;
    long read = 0;
    while (System.nanoTime() < deadline) {
      var behind = figures.behind(100);
      if (behind.isEmpty()) {
        break;
      }
      long round = 0;
      for (UUID restaurant : behind) {
        try {
          round += figures.rollUp(restaurant, ROLLUP_BATCH);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "could not roll up the analytics of restaurant " + restaurant, e);
        }
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
      read += round;
      if (round == 0) {
        break; // the rest are another instance's at the moment
      }
    }
    return read;
  }
}
