package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import java.util.List;
import java.util.UUID;

/** Reads one order, for its customer, its restaurant's staff, or an admin. */
public final class GetOrder {
  private final OrderAccess access;
  private final UnitOfWork unitOfWork;
  private final PersonalDataAccessLog reads;

  public GetOrder(
      Orders orders, StaffAccess staff, UnitOfWork unitOfWork, PersonalDataAccessLog reads) {
    this.access = new OrderAccess(orders, staff);
    this.unitOfWork = unitOfWork;
    this.reads = reads;
  }

  /**
   * The order; a read by its restaurant's staff or an admin (anyone but its own customer) is
   * recorded with it.
   */
  public Order handle(Caller caller, UUID orderId) {
    return handle(caller, orderId, "order_detail");
  }

  /** The order, as shown through {@code view} (a read by a handler is recorded as such). */
  public Order handle(Caller caller, UUID orderId, String view) {
    return unitOfWork.run(
        () -> {
          Order order = access.readable(caller, orderId);
          PersonalDataAccess.handler(caller, order.customer().userId())
              .ifPresent(reader -> CustomerDataReads.record(reads, reader, view, List.of(order)));
          return order;
        });
  }

  /**
   * Whether the caller may still read the order (throws the refusal if not), without reading it
   * out: a check shows no personal data and records nothing.
   */
  public void check(Caller caller, UUID orderId) {
    unitOfWork.run(() -> access.readable(caller, orderId));
  }
}
