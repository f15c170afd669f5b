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
   * What a new user sends. {@code phone} and {@code role} may be null (role defaults to CUSTOMER).
   */
  public record Command(String email, String password, String name, String phone, String role) {}

  public User handle(Command command) {
    List<FieldError> errors = new ArrayList<>();
    EmailAddress email = null;
    try {
      email = new EmailAddress(command.email());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("email", e.getMessage()));
    }
    try {
      policy.check(command.password(), "password");
    } catch (DomainException.Invalid e) {
      errors.addAll(e.errors());
    }
    String name = command.name() == null ? null : command.name().strip();
    if (name == null || name.isEmpty()) {
      errors.add(new FieldError("name", "is required"));
    } else if (name.length() > 100) {
      errors.add(new FieldError("name", "must have at most 100 characters"));
    }
    PhoneNumber phone = null;
    if (command.phone() != null) {
      try {
        phone = PhoneNumber.parse(command.phone());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("phone", e.getMessage()));
      }
    }
    Role role = Role.CUSTOMER;
    if (command.role() != null) {
      try {
        role = Role.parse(command.role());
        if (role != Role.CUSTOMER && role != Role.OWNER) {
          errors.add(new FieldError("role", "only CUSTOMER or OWNER can register themselves"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("role", e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new DomainException.Invalid(errors);
    }
    User user =
        new User(
            Ids.newId(clock),
            email,
            name,
            phone,
            role,
            hasher.hash(command.password()),
            clock.instant());
    return unitOfWork.run(
        () -> {
          users.add(user);
          return user;
        });
  }
}
