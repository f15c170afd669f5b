package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.Map;

/**
 * Makes an ADMIN account. Only the server's command line calls this; no HTTP route can make an
 * admin.
 */
public final class CreateAdmin {
  private final Users users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public CreateAdmin(
      Users users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SecurityEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  public User handle(String email, String name, String password) {
    EmailAddress address;
    try {
      address = new EmailAddress(email);
    } catch (IllegalArgumentException e) {
      throw new DomainException.Invalid("email", e.getMessage());
    }
    if (name == null || name.isBlank()) {
      throw new DomainException.Invalid("name", "is required");
    }
    policy.check(password, "password");
    User admin =
        new User(
            Ids.newId(clock),
            address,
            name.strip(),
            null,
            Role.ADMIN,
            hasher.hash(password),
            clock.instant());
    return unitOfWork.run(
        () -> {
          users.add(admin);
          events.record("admin_created", admin.id(), null, Map.of());
          return admin;
        });
  }
}
