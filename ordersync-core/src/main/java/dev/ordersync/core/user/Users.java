package dev.ordersync.core.user;

import dev.ordersync.core.shared.EmailAddress;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The accounts and their restaurant memberships. */
public interface Users {
  /** Adds a new account; a {@code Conflict("email_taken")} if the email is already registered. */
  void add(User user);

  Optional<User> byId(UUID id);

  Optional<User> byEmail(EmailAddress email);

  void addMembership(Membership membership);

  List<Membership> memberships(UUID userId);

  Optional<Membership> membership(UUID userId, UUID restaurantId);
}
