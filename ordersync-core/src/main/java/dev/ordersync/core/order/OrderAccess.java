package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may see an order: the customer who placed it (by account or by the order's token), the staff
 * of its restaurant, and admins. Everyone else is told it does not exist, so order ids of other
 * tenants cannot be probed.
 */
public final class OrderAccess {
  private final Orders orders;
  private final StaffAccess staff;

  public OrderAccess(Orders orders, StaffAccess staff) {
    this.orders = orders;
    this.staff = staff;
  }

  public Order readable(Caller caller, UUID orderId) {
    if (caller instanceof Caller.Anonymous) {
      throw new DomainException.Unauthenticated(
          "unauthenticated", "send the order's token or an access token as Authorization: Bearer");
    }
    if (caller instanceof Caller.SignedIn s && s.restaurantId() != null && !isAdmin(caller)) {
      // Staff reading their restaurant's order: read it by restaurant and id. Anything else (not
      // found there, or not readable so) falls through to the read by id alone below, so a
      // signed-in customer who also works for a restaurant still sees their own orders elsewhere.
      Optional<Order> own = orders.byId(s.restaurantId(), orderId);
      if (own.isPresent()
          && (isCustomer(caller, own.get())
              || (own.get().status() != OrderStatus.AWAITING_PAYMENT
                  && staff.isStaffOf(caller, own.get().restaurantId())))) {
        return own.get();
      }
    }
    Optional<Order> order = orders.byId(orderId);
    if (order.isPresent()
        && (isCustomer(caller, order.get())
            || isAdmin(caller)
            || (order.get().status() != OrderStatus.AWAITING_PAYMENT
                && staff.isStaffOf(caller, order.get().restaurantId())))) {
      return order.get();
    }
    throw new DomainException.NotFound("order");
  }

  /** The order, if the caller is the customer who placed it. */
  public Order ownOrder(Caller caller, UUID orderId) {
    if (caller instanceof Caller.Anonymous) {
      throw new DomainException.Unauthenticated(
          "unauthenticated", "send the order's token or an access token as Authorization: Bearer");
    }
    return orders
        .byId(orderId)
        .filter(o -> isCustomer(caller, o))
        .orElseThrow(() -> new DomainException.NotFound("order"));
  }

  /**
   * The order, if it belongs to the restaurant the caller acts for as owner or staff. An order
   * still awaiting its online payment is not the restaurant's yet: it does not exist for them.
   */
  public Order restaurantOrder(Caller caller, UUID orderId) {
    UUID restaurantId = staff.requireStaff(caller);
    return orders
        .byId(restaurantId, orderId)
        .filter(o -> o.status() != OrderStatus.AWAITING_PAYMENT)
        .orElseThrow(() -> new DomainException.NotFound("order"));
  }

  /**
   * {@link #restaurantOrder}'s check without raising the tenant wall: for refusing a caller before
   * the request's input is read.
   */
  public void checkRestaurantOrder(Caller caller, UUID orderId) {
    UUID restaurantId = staff.checkStaff(caller);
    orders
        .byId(restaurantId, orderId)
        .filter(o -> o.status() != OrderStatus.AWAITING_PAYMENT)
        .orElseThrow(() -> new DomainException.NotFound("order"));
  }

  private static boolean isCustomer(Caller caller, Order order) {
    return switch (caller) {
      case Caller.SignedIn s -> s.userId().equals(order.customer().userId());
      case Caller.OrderTokenHolder t ->
          t.orderId().equals(order.id()) && order.customer().anonymous();
      case Caller.Anonymous a -> false;
    };
  }

  private static boolean isAdmin(Caller caller) {
    return caller instanceof Caller.SignedIn s && s.role() == Role.ADMIN;
  }
}
