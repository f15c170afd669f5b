package dev.ordersync.server;

import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.AdvanceOrder;
import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.server.http.OrderRoutes;
import dev.ordersync.server.http.RestaurantOrderRoutes;
import dev.ordersync.server.postgres.GroupCommit;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;

/**
 * Orders: placing one (idempotent, with group commit), reading and canceling it as its guest, and
 * the restaurant's board that lists orders and moves them along. Cancels, rejections and refunds go
 * through the payments feature, which gives the money back when the order was paid.
 */
record OrdersWiring(
    GetOrder getOrder,
    ListRestaurantOrders listOrders,
    OrderRoutes routes,
    RestaurantOrderRoutes board) {

  static OrdersWiring wire(
      Infrastructure infra, Adapters a, Credentials c, PaymentsWiring payments) {
    var tx = infra.tx();
    var clock = infra.clock();
    int maxBody = infra.maxBodyBytes();
    var getOrder = new GetOrder(a.orders(), a.staff(), tx, a.personalDataReads());
    var listOrders = new ListRestaurantOrders(a.orders(), a.staff(), tx, a.personalDataReads());
    var placeOrder =
        new PlaceOrder(
            a.restaurants(),
            a.menus(),
            a.orders(),
            a.numbers(),
            a.orderEvents(),
            a.idempotency(),
            orderUnitOfWork(infra),
            clock);
    var routes =
        new OrderRoutes(
            new OrderRoutes.UseCases(
                placeOrder,
                getOrder,
                payments.refundOnCancel(),
                new dev.ordersync.core.order.EraseOrderCustomer(
                    a.orders(), a.staff(), a.orderChanges())),
            c.orderTokens(),
            c.auth(),
            maxBody,
            placedOrders()::increment);
    var board =
        new RestaurantOrderRoutes(boardUseCases(a, listOrders, payments, tx), c.auth(), maxBody);
    return new OrdersWiring(getOrder, listOrders, routes, board);
  }

  private static RestaurantOrderRoutes.UseCases boardUseCases(
      Adapters a,
      ListRestaurantOrders list,
      PaymentsWiring payments,
      dev.ordersync.core.shared.UnitOfWork tx) {
    return new RestaurantOrderRoutes.UseCases(
        list,
        new AcceptOrder(a.restaurants(), a.orderAccess(), a.orderChanges()),
        new AdvanceOrder(a.orderAccess(), a.orderChanges()),
        payments.refundOnCancel(),
        payments.refundPayment(),
        new dev.ordersync.core.order.RevealCustomerPhone(
            a.orders(), a.staff(), tx, a.personalDataReads()));
  }

  /**
   * The unit of work that places orders: concurrent orders share transactions over a few
   * connections, by restaurant (decision 0017), or one transaction per order like every other write
   * when ORDERSYNC_GROUP_COMMIT=off (to measure it).
   */
  private static UnitOfWork orderUnitOfWork(Infrastructure infra) {
    ServerConfig.OrderPath path = infra.config().orderPath();
    if (!path.groupCommit()) {
      return infra.tx();
    }
    return new GroupCommit(
        infra.tx(), infra.pool(), path.lanes(), path.maxBatch(), ServerMeters.groupCommit());
  }

  /** Counted once committed, for the metrics endpoint. */
  private static Counter placedOrders() {
    return Services.get(MeterRegistry.class)
        .getOrCreate(
            Counter.builder("ordersync.orders.placed").description("Orders placed (committed)"));
  }
}
