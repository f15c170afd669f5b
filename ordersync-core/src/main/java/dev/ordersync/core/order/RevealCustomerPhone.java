package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant's explicit look at an order's full phone number (issue 17): its views show the phone
 * masked, and this is the one way to the number, recorded as an access to personal data (who, when,
 * which order) in the same unit of work as the read (decision 27), so no number leaves unrecorded.
 * Only the owner and staff of the order's restaurant may; for anyone else the order does not exist.
 */
public final class RevealCustomerPhone {
  public static final String VIEW = "order_customer_phone";

  private final OrderAccess access;
  private final UnitOfWork unitOfWork;
  private final PersonalDataAccessLog reads;

  public RevealCustomerPhone(
      Orders orders, StaffAccess staff, UnitOfWork unitOfWork, PersonalDataAccessLog reads) {
    this.access = new OrderAccess(orders, staff);
    this.unitOfWork = unitOfWork;
    this.reads = reads;
  }

  /** Refuses a caller who may not reveal this order's phone, before the request is read. */
  public void authorize(Caller caller, UUID orderId) {
    unitOfWork.run(
        () -> {
          access.checkRestaurantOrder(caller, orderId);
          return null;
        });
  }

  /** The customer's phone as written ({@code 010-1234-5678}), or null if none (or erased). */
  public String handle(Caller caller, UUID orderId) {
    return unitOfWork.run(
        () -> {
          Order order = access.restaurantOrder(caller, orderId);
          Customer c = order.customer();
          if (c.phone() == null) {
            return null;
          }
          List<String> subjects = new ArrayList<>();
          subjects.add(PersonalDataAccess.order(order.id()));
          if (c.userId() != null) {
            subjects.add(PersonalDataAccess.user(c.userId()));
          }
          // restaurantOrder let only a signed-in member through.
          reads.record(
              PersonalDataAccess.by(
                  (Caller.SignedIn) caller,
                  VIEW,
                  subjects,
                  List.of(PersonalDataAccess.CUSTOMER_PHONE)));
          return c.phone().formatted();
        });
  }
}
