package dev.ordersync.core.user;

import java.util.Optional;
import java.util.UUID;

/**
 * Who is asking, as established by the adapter that authenticated the request. Use cases decide
 * what each caller may do; adapters only say who it is.
 */
public sealed interface Caller {
  /** Nobody signed in: a customer ordering from a phone without an account. */
  record Anonymous() implements Caller {}

  /**
   * A signed-in user.
   *
   * @param restaurantId the restaurant the user acts for in this session (owners and staff), or
   *     null
   * @param sessionId the login session the credential belongs to, or null for callers made in code
   *     (tests, tools)
   * @param secondFactor whether the session was opened with a second factor
   */
  record SignedIn(UUID userId, Role role, UUID restaurantId, UUID sessionId, boolean secondFactor)
      implements Caller {
    public SignedIn(UUID userId, Role role, UUID restaurantId) {
      this(userId, role, restaurantId, null, false);
    }

    public Optional<UUID> restaurant() {
      return Optional.ofNullable(restaurantId);
    }
  }

  /**
   * The holder of an anonymous order's token: may read and track that one order, and cancel it
   * while it is placed.
   */
  record OrderTokenHolder(UUID orderId) implements Caller {}

  static Caller anonymous() {
    return new Anonymous();
  }
}
