package dev.ordersync.server;

import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.payment.ConfirmPayment;
import dev.ordersync.core.payment.ExpireUnpaidOrders;
import dev.ordersync.core.payment.GetSettlement;
import dev.ordersync.core.payment.PaymentGateway;
import dev.ordersync.core.payment.RefundOnCancel;
import dev.ordersync.core.payment.RefundPayment;
import dev.ordersync.core.payment.SyncPayment;
import dev.ordersync.server.http.PaymentRoutes;
import dev.ordersync.server.http.SettlementRoutes;
import dev.ordersync.server.http.TossWebhookRoutes;
import dev.ordersync.server.toss.NoPaymentGateway;
import dev.ordersync.server.toss.TossPaymentGateway;

/**
 * Online payments through Toss: confirming a payment, refunds (asked for, or because a paid order
 * was canceled or rejected), Toss's webhook, the restaurant's settlements, and the sweep of orders
 * left unpaid. With no Toss secret key the gateway refuses every call and there is no sweep.
 */
record PaymentsWiring(
    ServerConfig.TossSettings toss,
    RefundOnCancel refundOnCancel,
    RefundPayment refundPayment,
    ExpireUnpaidOrders expireUnpaid,
    PaymentRoutes routes,
    TossWebhookRoutes webhooks,
    SettlementRoutes settlements) {

  static PaymentsWiring wire(Infrastructure infra, Adapters a, Credentials c) {
    var tx = infra.tx();
    var clock = infra.clock();
    int maxBody = infra.maxBodyBytes();
    ServerConfig.TossSettings toss = infra.config().toss();
    PaymentGateway gateway = gateway(toss);
    var orders = a.orders();
    var menus = a.menus();
    var events = a.orderEvents();
    var payments = a.payments();
    var paymentEvents = a.paymentEvents();
    var staff = a.staff();
    var refundOnCancel =
        new RefundOnCancel(
            new CancelOrder(orders, menus, events, staff, tx, clock),
            new RejectOrder(orders, menus, events, staff, tx, clock),
            orders,
            menus,
            events,
            payments,
            paymentEvents,
            gateway,
            tx,
            clock);
    var confirm =
        new ConfirmPayment(
            orders, menus, events, staff, payments, paymentEvents, gateway, tx, clock);
    var sync = new SyncPayment(orders, menus, events, payments, paymentEvents, gateway, tx, clock);
    return new PaymentsWiring(
        toss,
        refundOnCancel,
        new RefundPayment(
            orders, menus, events, staff, payments, paymentEvents, gateway, tx, clock),
        new ExpireUnpaidOrders(
            orders,
            menus,
            events,
            payments,
            paymentEvents,
            gateway,
            tx,
            clock,
            toss.paymentTimeout()),
        new PaymentRoutes(confirm, c.auth(), maxBody),
        new TossWebhookRoutes(sync, maxBody),
        new SettlementRoutes(
            new GetSettlement(a.restaurants(), payments, staff, tx, clock, toss.feeRate()),
            c.auth()));
  }

  private static PaymentGateway gateway(ServerConfig.TossSettings toss) {
    return toss.enabled()
        ? new TossPaymentGateway(toss.apiUrl(), toss.secretKey(), toss.timeout())
        : NoPaymentGateway.INSTANCE;
  }
}
