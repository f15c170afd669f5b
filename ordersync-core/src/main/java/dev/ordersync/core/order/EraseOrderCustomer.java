package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/**
 * A guest erases the personal data of their own order (issue 18): its name, phone and note go, the
 * order (items, prices, states: the restaurant's business record) stays. The change is an order
 * event ({@code CustomerErased}), so it is audited and pushed live like every other change, and the
 * restaurant's open boards drop the name. Erasing an order that holds nothing (never given, or
 * erased before) changes nothing and is not an error.
 */
public final class EraseOrderCustomer {
  private final OrderAccess access;
  private final OrderChanges changes;
  private final Orders orders;

  public EraseOrderCustomer(Orders orders, StaffAccess staff, OrderChanges changes) {
    this.access = new OrderAccess(orders, staff);
    this.changes = changes;
    this.orders = orders;
  }

  /**
   * Only the order's own customer: its token's holder, or the account that placed it (anyone else:
   * the order does not exist).
   */
  public void handle(Caller caller, UUID orderId) {
    changes.inUnitOfWork(
        () -> {
          access.ownOrder(caller, orderId);
          Order current =
              changes
                  .lock(orderId)
                  .orElseThrow(
                      () -> new dev.ordersync.core.shared.DomainException.NotFound("order"));
          if (!current.withoutCustomerDetails()) {
            changes.apply(current, null, (o, at) -> o.eraseCustomer(at));
            orders.eraseOrderCustomer(orderId);
          }
          return null;
        });
  }
}
