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

  /** The admin's account; the name is kept stripped, the password meets the password policy. */
  public record Command(EmailAddress email, String name, String password) {
    public Command {
      if (email == null) {
        throw new DomainException.Invalid("email", "email is required");
      }
      if (name == null || name.isBlank()) {
        throw new DomainException.Invalid("name", "is required");
      }
      name = name.strip();
    }

    /** The command from the texts an operator types. */
    public static Command from(String email, String name, String password) {
      EmailAddress address;
      try {
        address = new EmailAddress(email);
      } catch (IllegalArgumentException e) {
        throw new DomainException.Invalid("email", e.getMessage());
      }
      return new Command(address, name, password);
    }
  }

  public User handle(Command command) {
    policy.check(command.password(), "password");
    User admin =
        new User(
            Ids.newId(clock),
            command.email(),
            command.name(),
            null,
            Role.ADMIN,
            hasher.hash(command.password()),
            clock.instant());
    return unitOfWork.run(
        () -> {
          users.add(admin);
          events.record("admin_created", admin.id(), null, Map.of());
          return admin;
        });
  }
}
