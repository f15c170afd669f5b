package dev.ordersync.server;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.notify.AccountEmails;
import dev.ordersync.core.notify.GuestTextsFromOrderEvents;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.OrderNumbers;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.payment.PaymentEvents;
import dev.ordersync.core.payment.Payments;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.user.AccountAlerts;
import dev.ordersync.core.user.KnownDevices;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.Users;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.OrderView;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import dev.ordersync.server.postgres.PostgresIdempotencyStore;
import dev.ordersync.server.postgres.PostgresKnownDevices;
import dev.ordersync.server.postgres.PostgresMenus;
import dev.ordersync.server.postgres.PostgresOrderEvents;
import dev.ordersync.server.postgres.PostgresOrderNumbers;
import dev.ordersync.server.postgres.PostgresOrders;
import dev.ordersync.server.postgres.PostgresPayments;
import dev.ordersync.server.postgres.PostgresRestaurants;
import dev.ordersync.server.postgres.PostgresSecurityEvents;
import dev.ordersync.server.postgres.PostgresSessions;
import dev.ordersync.server.postgres.PostgresTenantWall;
import dev.ordersync.server.postgres.PostgresUsers;

/**
 * The ports the features share, over PostgreSQL: the stores (those of accounts, restaurants and
 * menus audit each write), who is staff where, who may see or move an order and how an order's
 * change is stored with its event, and the hooks through which order, payment and security events
 * reach the outbox and the audit trail; and the notification outbox, where a change records the
 * messages it causes (the guests' texts through the order events, the account emails through the
 * account alerts) in its own unit of work.
 */
record Adapters(
    Users users,
    Restaurants restaurants,
    Menus menus,
    Orders orders,
    OrderNumbers numbers,
    Sessions sessions,
    Payments payments,
    PostgresIdempotencyStore idempotency,
    StaffAccess staff,
    OrderAccess orderAccess,
    OrderChanges orderChanges,
    OrderEvents orderEvents,
    PaymentEvents paymentEvents,
    SecurityEvents securityEvents,
    PersonalDataAccessLog personalDataReads,
    KnownDevices knownDevices,
    AccountAlerts accountAlerts,
    NotificationOutbox notifications) {

  static Adapters wire(
      Infrastructure infra,
      PostgresAuditTrail audit,
      PostgresOrderEvents outbox,
      dev.ordersync.server.live.EventBus bus,
      NotificationOutbox notifications,
      WebhooksWiring webhooks) {
    var tx = infra.tx();
    var columns = infra.columns();
    Users users = Audited.users(new PostgresUsers(tx, columns), audit);
    Restaurants restaurants = Audited.restaurants(new PostgresRestaurants(tx, columns), audit);
    var menuChanges =
        new MenuChangesLive(
            tx, new PostgresMenus(tx), restaurants, bus, infra.clock(), webhooks::menuItemChanged);
    Menus menus =
        menuChanges.publishing(
            Audited.menus(new PostgresMenus(tx, menuChanges.soldOutTurned()), audit));
    Orders orders = new PostgresOrders(tx, columns);
    var staff = new StaffAccess(users, restaurants, new PostgresTenantWall(tx));
    // Each change's guest text is recorded in the change's transaction, beside its event.
    OrderEvents orderEvents =
        new GuestTextsFromOrderEvents(
            webhooks.recording(
                ServerMeters.orders(new OrderEventsToOutboxAndAudit(outbox, audit), tx)),
            restaurants,
            notifications);
    SecurityEvents securityEvents =
        ServerMeters.security(new SecurityEventsAudited(new PostgresSecurityEvents(tx), audit));
    return new Adapters(
        users,
        restaurants,
        menus,
        orders,
        new PostgresOrderNumbers(tx),
        new PostgresSessions(tx),
        new PostgresPayments(tx),
        new PostgresIdempotencyStore(
            tx, columns, infra.clock(), order -> Json.bytes(OrderView.of(order))),
        staff,
        new OrderAccess(orders, staff),
        new OrderChanges(orders, menus, orderEvents, tx, infra.clock()),
        orderEvents,
        ServerMeters.payments(new PaymentEventsAudited(audit), tx),
        securityEvents,
        new PersonalDataAccessAudited(audit),
        new PostgresKnownDevices(tx, columns),
        new AccountEmails(notifications, users, restaurants, securityEvents),
        notifications);
  }
}
