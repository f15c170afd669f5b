package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a user's credentials and decides which restaurant the session acts for. Issuing tokens is the adapter's job.
 *
 * <p>Every failure looks the same to the caller ({@code invalid_credentials}) and takes about as long, whether the email
 * is unknown or the password wrong.
 */
public final class LogIn {
  private final Users users;
  private final PasswordHasher hasher;

  public LogIn(Users users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  /** {@code restaurantId} may be null: a member of exactly one restaurant then acts for it. */
  public record Command(String email, String password, UUID restaurantId) {}

  /** The authenticated user and the restaurant this session acts for (null for none). */
  public record Session(User user, UUID restaurantId, List<Membership> memberships) {}

  public Session handle(Command command) {
    Optional<User> found;
    try {
      found = users.byEmail(new EmailAddress(command.email()));
    } catch (IllegalArgumentException e) {
      found = Optional.empty();
    }
    String password = command.password() == null ? "" : command.password();
    if (found.isEmpty()) {
      hasher.burnEquivalentTime(password);
      throw invalid();
    }
    User user = found.get();
    if (!hasher.matches(password, user.passwordHash())) {
      throw invalid();
    }
    List<Membership> memberships = users.memberships(user.id());
    UUID restaurantId = null;
    if (command.restaurantId() != null) {
      boolean member = memberships.stream().anyMatch(m -> m.restaurantId().equals(command.restaurantId()));
      if (!member && user.role() != Role.ADMIN) {
        throw new DomainException.Forbidden("you are not a member of that restaurant");
      }
      restaurantId = command.restaurantId();
    } else if (memberships.size() == 1) {
      restaurantId = memberships.getFirst().restaurantId();
    }
    return new Session(user, restaurantId, memberships);
  }

  private static DomainException invalid() {
    return new DomainException.Unauthenticated("invalid_credentials", "the email or password is wrong");
  }
}
