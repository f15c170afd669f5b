package dev.ordersync.core.privacy;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.util.List;

/** Everything OrderSync holds about the signed-in user, readable (GDPR art. 15, PIPA art. 35). */
public final class ExportMyData {
  private final Users users;
  private final Orders orders;
  private final Sessions sessions;

  public ExportMyData(Users users, Orders orders, Sessions sessions) {
    this.users = users;
    this.orders = orders;
    this.sessions = sessions;
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
    return new Export(
        user,
        users.memberships(user.id()),
        mfa,
        mfa ? users.recoveryCodesLeft(user.id()) : 0,
        sessions.of(user.id()),
        orders.byCustomer(user.id()));
  }
}
