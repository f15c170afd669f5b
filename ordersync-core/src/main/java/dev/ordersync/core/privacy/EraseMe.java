package dev.ordersync.core.privacy;

import dev.ordersync.core.order.Orders;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.Users;
import java.time.Clock;
import java.util.Map;

/**
 * The signed-in user erases their personal data (GDPR art. 17, PIPA art. 36): the account's email,
 * name, phone, password and second factor are overwritten, every session ends, and the customer
 * details on their orders are removed. The orders themselves (items, prices, states) stay: they are
 * the restaurants' business records. The sole owner of a restaurant cannot erase themselves before
 * handing it over, or the restaurant would be left without an owner.
 */
public final class EraseMe {
  private final Users users;
  private final Orders orders;
  private final Sessions sessions;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public EraseMe(
      Users users,
      Orders orders,
      Sessions sessions,
      SecurityEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.orders = orders;
    this.sessions = sessions;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  public void handle(Caller caller) {
    if (!(caller instanceof Caller.SignedIn me)) {
      throw new DomainException.Unauthenticated("unauthenticated", "sign in first");
    }
    unitOfWork.run(
        () -> {
          users
              .byId(me.userId())
              .filter(u -> !u.erased())
              .orElseThrow(() -> new DomainException.NotFound("user"));
          for (Membership m : users.memberships(me.userId())) {
            if (m.role() == Role.OWNER && users.owners(m.restaurantId()).size() == 1) {
              throw new DomainException.Conflict(
                  "sole_owner",
                  "you are the only owner of a restaurant: hand it over before erasing your account");
            }
          }
          sessions.revokeAll(me.userId(), "erased", clock.instant());
          orders.eraseCustomer(me.userId());
          users.erase(me.userId(), clock.instant());
          events.record("user_erased", me.userId(), me.sessionId(), Map.of());
          return null;
        });
  }
}
