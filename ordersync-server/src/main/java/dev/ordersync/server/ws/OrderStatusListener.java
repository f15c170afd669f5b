package dev.ordersync.server.ws;

import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.OrderView;
import io.helidon.websocket.WsSession;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@code /ws/orders/{id}/status}: one order's live status, for its customer (order token or
 * account), its restaurant's staff, or an admin. Starts with a snapshot of the order (or, on
 * resume, the versions missed), then every change.
 */
final class OrderStatusListener extends AuthenticatingListener {
  private final Authenticator auth;
  private final GetOrder getOrder;
  private final EventReads reads;
  private final Predicate<UUID> orderExists;

  record OrderSnapshot(String type, long seq, OrderView order) {}

  OrderStatusListener(
      Authenticator auth,
      GetOrder getOrder,
      Predicate<UUID> orderExists,
      LiveHub hub,
      ConnectGuard connects,
      EventReads reads) {
    super(hub, connects);
    this.reads = reads;
    this.auth = auth;
    this.getOrder = getOrder;
    this.orderExists = orderExists;
  }

  @Override
  void follow(WsSession session, String token) {
    UUID orderId = orderIdOf(path());
    Authenticator.Authenticated who = authorize(token, orderId);
    Caller caller = who.caller();
    Resume resume = resume();
    OrderFollower s = new OrderFollower(session, hub, orderId);
    if (caller instanceof Caller.SignedIn) {
      s.recheckWith(
          () -> {
            if (!auth.stillActive(who)) {
              return CloseCodes.UNAUTHENTICATED;
            }
            return CloseCodes.ofAccess(() -> getOrder.check(caller, orderId));
          });
    }
    attach(s);
    Order order = getOrder.handle(caller, orderId, "order_status_socket");
    boolean handler = PersonalDataAccess.handler(caller, order.customer().userId()).isPresent();
    if (handler) {
      var context = context();
      s.recordReadsWith(
          (e, message) ->
              context.call(
                  () ->
                      EventReads.withCustomer(
                          message, reads.read(caller, "order_status_socket_event", e.orderId()))));
    }
    long now = order.version();
    Resume.startFrom(
        resume,
        s,
        now,
        e -> e.orderId().equals(orderId) ? e.version() : null,
        () -> Json.text(new OrderSnapshot("snapshot", now, OrderView.of(order, handler))));
  }

  /**
   * The caller, if the credential covers the order. An order token that does not verify for this
   * order, or a caller who may not see it, is refused with 4403 if the order exists and 4404 if
   * not.
   */
  private Authenticator.Authenticated authorize(String token, UUID orderId) {
    try {
      Authenticator.Authenticated who = auth.callerForToken(token, orderId);
      getOrder.check(who.caller(), orderId);
      return who;
    } catch (DomainException.NotFound e) {
      if (hub.read(() -> orderExists.test(orderId))) {
        throw new DomainException.Forbidden(
            "forbidden", "this credential does not give access to this order");
      }
      throw e;
    }
  }

  private static UUID orderIdOf(String path) {
    // /ws/orders/{id}/status
    String[] parts = path.split("/");
    try {
      return UUID.fromString(parts[3]);
    } catch (RuntimeException e) {
      throw new DomainException.NotFound("order");
    }
  }
}
