package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates an account. Anyone may register as a CUSTOMER or an OWNER; STAFF are added by an owner,
 * ADMINs by an admin.
 */
public final class RegisterUser {
  private final Users users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public RegisterUser(
      Users users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * What a new user sends; the name is kept stripped. The password's length is checked here, its
   * commonness by the use case's policy.
   *
   * @param phone may be null
   * @param role CUSTOMER or OWNER; null is CUSTOMER
   */
  public record Command(
      EmailAddress email, String password, String name, PhoneNumber phone, Role role) {
    public Command {
      List<FieldError> errors = new ArrayList<>();
      if (email == null) {
        errors.add(new FieldError("email", "email is required"));
      }
      PasswordPolicy.lengthError(password, "password").ifPresent(errors::add);
      name = name(name, errors);
      role = role == null ? Role.CUSTOMER : role;
      if (role != Role.CUSTOMER && role != Role.OWNER) {
        errors.add(new FieldError("role", "only CUSTOMER or OWNER can register themselves"));
      }
      DomainException.Invalid.throwIfAny(errors);
    }

    /** The command from the texts a client sends, every bad one named. */
    public static Command from(
        String email, String password, String name, String phone, String role) {
      List<FieldError> errors = new ArrayList<>();
      EmailAddress address = null;
      try {
        address = new EmailAddress(email);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("email", e.getMessage()));
      }
      PasswordPolicy.lengthError(password, "password").ifPresent(errors::add);
      name(name, errors);
      PhoneNumber number = null;
      if (phone != null) {
        try {
          number = PhoneNumber.parse(phone);
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError("phone", e.getMessage()));
        }
      }
      Role parsed = null;
      if (role != null) {
        try {
          parsed = Role.parse(role);
          if (parsed != Role.CUSTOMER && parsed != Role.OWNER) {
            errors.add(new FieldError("role", "only CUSTOMER or OWNER can register themselves"));
          }
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError("role", e.getMessage()));
        }
      }
      DomainException.Invalid.throwIfAny(errors);
      return new Command(address, password, name, number, parsed);
    }

    private static String name(String name, List<FieldError> errors) {
      String n = name == null ? null : name.strip();
      if (n == null || n.isEmpty()) {
        errors.add(new FieldError("name", "is required"));
      } else if (n.length() > 100) {
        errors.add(new FieldError("name", "must have at most 100 characters"));
      }
      return n;
    }
  }

  public User handle(Command command) {
    policy.check(command.password(), "password");
    User user =
        new User(
            Ids.newId(clock),
            command.email(),
            command.name(),
            command.phone(),
            command.role(),
            hasher.hash(command.password()),
            clock.instant());
    return unitOfWork.run(
        () -> {
          users.add(user);
          return user;
        });
  }
}
