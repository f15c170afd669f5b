package dev.ordersync.server;

import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.payment.ConfirmPayment;
import dev.ordersync.core.payment.ExpireUnpaidOrders;
import dev.ordersync.core.payment.GetSettlement;
import dev.ordersync.core.payment.Ledger;
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
    int maxBody = infra.maxBodyBytes();
    ServerConfig.TossSettings toss = infra.config().toss();
    var access = a.orderAccess();
    var changes = a.orderChanges();
    var ledger =
        new Ledger(
            a.payments(),
            a.paymentEvents(),
            gateway(toss, infra.tracing()),
            changes,
            infra.clock());
    return new PaymentsWiring(
        toss,
        new RefundOnCancel(
            ledger, new CancelOrder(access, changes), new RejectOrder(access, changes)),
        new RefundPayment(ledger, a.staff()),
        new ExpireUnpaidOrders(a.orders(), ledger, toss.paymentTimeout()),
        new PaymentRoutes(
            new ConfirmPayment(ledger, access),
            c.auth(),
            maxBody,
            new PaymentRoutes.Window(
                infra.config().tossWindow().clientKey(), infra.config().tossWindow().scriptUrl())),
        new TossWebhookRoutes(new SyncPayment(ledger), maxBody),
        new SettlementRoutes(
            new GetSettlement(ledger, a.restaurants(), a.staff(), toss.feeRate()), c.auth()));
  }

  private static PaymentGateway gateway(
      ServerConfig.TossSettings toss, dev.ordersync.server.observe.Tracing tracing) {
    return toss.enabled()
        ? new TossPaymentGateway(toss.apiUrl(), toss.secretKey(), toss.timeout(), tracing)
        : NoPaymentGateway.INSTANCE;
  }
}
