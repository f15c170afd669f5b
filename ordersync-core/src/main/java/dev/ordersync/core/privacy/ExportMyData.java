package dev.ordersync.core.privacy;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.util.List;

/** Everything OrderSync holds about the signed-in user, readable (GDPR art. 15, PIPA art. 35). */
public final class ExportMyData {
  private final Users users;
  private final Orders orders;
  private final Sessions sessions;
  private final PersonalDataAccessLog reads;

  public ExportMyData(Users users, Orders orders, Sessions sessions, PersonalDataAccessLog reads) {
    this.users = users;
    this.orders = orders;
    this.sessions = sessions;
    this.reads = reads;
  }

  public record Export(
      User user,
      List<Membership> memberships,
      boolean secondFactorEnabled,
      int recoveryCodesLeft,
      List<Sessions.Summary> sessions,
      List<Order> orders) {}

  public Export handle(Caller caller) {
    if (!(caller instanceof Caller.SignedIn me)) {
      throw new DomainException.Unauthenticated("unauthenticated", "sign in first");
    }
    User user = users.byId(me.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
    boolean mfa = users.secondFactor(user.id()).map(Users.SecondFactor::enabled).orElse(false);
    List<Order> own = orders.byCustomer(user.id());
    // The whole of a person's data leaving at once is worth a trace even when they ask for it
    // themselves (a stolen session's favourite read): recorded, marked as their own.
    reads.record(
        new PersonalDataAccess(
            me,
            "data_export",
            List.of(PersonalDataAccess.user(user.id())),
            own.isEmpty()
                ? List.of(
                    PersonalDataAccess.NAME, PersonalDataAccess.EMAIL, PersonalDataAccess.PHONE)
                : List.of(
                    PersonalDataAccess.NAME,
                    PersonalDataAccess.EMAIL,
                    PersonalDataAccess.PHONE,
                    PersonalDataAccess.CUSTOMER_NAME,
                    PersonalDataAccess.CUSTOMER_PHONE),
            true));
    return new Export(
        user,
        users.memberships(user.id()),
        mfa,
        mfa ? users.recoveryCodesLeft(user.id()) : 0,
        sessions.of(user.id()),
        own);
  }
}
