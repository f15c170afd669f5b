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
import java.util.Map;

/**
 * Creates an account. Anyone may register as a CUSTOMER or an OWNER; STAFF are added by an owner,
 * ADMINs by an admin.
 *
 * <p>Registration never tells whether an email is taken (account enumeration, ASVS V2.1 and V3):
 * for a taken email nothing is stored, the password is hashed all the same (so the answer takes as
 * long), the answer is a look-alike of a new account under a new id that is never stored, and a
 * {@code registration_attempted} security event is recorded for the existing account, so its owner
 * can be told.
 */
public final class RegisterUser {
  private final Users users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public RegisterUser(
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

  public RegisterUser(
      Users users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      UnitOfWork unitOfWork,
      Clock clock) {
    this(users, hasher, policy, SecurityEvents.none(), unitOfWork, clock);
  }

  /**
   * What registering did. Either way {@link #shown()} is what the registrant is answered, and the
   * two cannot be told apart from it.
   */
  public sealed interface Outcome {
    /** The account as the registrant is shown it. */
    User shown();

    /** A new account was stored. */
    record Created(User user) implements Outcome {
      @Override
      public User shown() {
        return user;
      }
    }

    /**
     * The email was taken: nothing was stored, {@code lookalike} (a new id, the registrant's own
     * fields) is answered, and the existing account got a {@code registration_attempted} event.
     */
    record EmailTaken(User lookalike) implements Outcome {
      @Override
      public User shown() {
        return lookalike;
      }
    }
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

  public Outcome handle(Command command) {
    policy.check(command.password(), "password");
    // Hashed before the email is looked up, taken or not, so both answers cost the same.
    User user =
        new User(
            Ids.newId(clock),
            command.email(),
            command.name(),
            command.phone(),
            command.role(),
            hasher.hash(command.password()),
            clock.instant());
    try {
      return unitOfWork.run(
          () -> {
            users.add(user);
            return new Outcome.Created(user);
          });
    } catch (DomainException.Conflict e) {
      if (!"email_taken".equals(e.code())) {
        throw e;
      }
      // The same look-up and lock as a new account, then a write of its own: close in time.
      return unitOfWork.run(() -> taken(user));
    }
  }

  private Outcome taken(User user) {
    users
        .byEmail(user.email())
        .ifPresent(
            existing ->
                events.record(
                    "registration_attempted",
                    existing.id(),
                    null,
                    Map.of("requested_role", user.role().name())));
    return new Outcome.EmailTaken(user);
  }
}
