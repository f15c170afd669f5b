package dev.ordersync.audit;

import java.util.Objects;

/**
 * Who acted: a signed-in user (with the role and restaurant they acted as), the system itself (a
 * scheduled job, the sealer, a migration), or an anonymous caller such as a customer ordering
 * without an account.
 *
 * @param kind who in general
 * @param id the user id, or the name of the system component; absent for an anonymous caller
 * @param role the role the actor acted in (OWNER, STAFF, ADMIN...), if any
 * @param restaurant the restaurant the actor acted for, if any
 */
public record Actor(Kind kind, String id, String role, String restaurant) {
  public enum Kind {
    USER,
    SYSTEM,
    ANONYMOUS
  }

  public Actor {
    Objects.requireNonNull(kind, "kind");
    id = Text.optional("actor id", id, 128);
    role = Text.optional("actor role", role, 64);
    restaurant = Text.optional("actor restaurant", restaurant, 128);
    if (kind != Kind.ANONYMOUS && id == null) {
      throw new IllegalArgumentException("a " + kind + " actor needs an id");
    }
    if (kind == Kind.ANONYMOUS && id != null) {
      throw new IllegalArgumentException("an anonymous actor has no id");
    }
  }

  public static Actor user(String userId, String role, String restaurant) {
    return new Actor(Kind.USER, userId, role, restaurant);
  }

  public static Actor system(String component) {
    return new Actor(Kind.SYSTEM, component, null, null);
  }

  public static Actor anonymous() {
    return new Actor(Kind.ANONYMOUS, null, null, null);
  }

  /** An anonymous caller acting on a restaurant (a customer placing an order there). */
  public static Actor anonymousAt(String restaurant) {
    return new Actor(Kind.ANONYMOUS, null, null, restaurant);
  }
}
