package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.PasswordHasher;
import dev.ordersync.core.user.PasswordPolicy;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner adds a STAFF member: a new STAFF account with a first password the owner hands over, or
 * an existing STAFF account (staff of another restaurant) added to this one. Customers and owners
 * cannot be made staff this way.
 */
public final class AddStaff {
  private final Users users;
  private final StaffAccess access;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final UnitOfWork unitOfWork;
  private final Clock clock;
  private final dev.ordersync.core.user.AccountAlerts alerts;

  /**
   * @param alerts tells the restaurant's owners by email that someone joined its staff
   */
  public AddStaff(
      Users users,
      StaffAccess access,
      PasswordHasher hasher,
      PasswordPolicy policy,
      dev.ordersync.core.user.AccountAlerts alerts,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.access = access;
    this.hasher = hasher;
    this.policy = policy;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
    this.alerts = alerts;
  }

  public AddStaff(
      Users users,
      StaffAccess access,
      PasswordHasher hasher,
      PasswordPolicy policy,
      UnitOfWork unitOfWork,
      Clock clock) {
    this(
        users,
        access,
        hasher,
        policy,
        dev.ordersync.core.user.AccountAlerts.none(),
        unitOfWork,
        clock);
  }

  /** {@code name} and {@code password} are needed only for a new account. */
  public record Command(EmailAddress email, String name, String password) {
    public Command {
      if (email == null) {
        throw new DomainException.Invalid("email", "email is required");
      }
    }

    /** The command from the texts a client sends. */
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

  /**
   * Refuses a caller who may not add staff, exactly as {@link #handle} would (401, 403, or 404 for
   * what is not theirs), before the request's input is read or validated; raises no tenant wall.
   */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  public User handle(Caller caller, Command command) {
    EmailAddress email = command.email();
    return unitOfWork.run(
        () -> {
          var restaurantId = access.requireOwner(caller);
          Optional<User> existing = users.byEmail(email);
          User staff;
          if (existing.isPresent()) {
            staff = existing.get();
            if (staff.role() != Role.STAFF) {
              throw new DomainException.RuleViolated(
                  "not_a_staff_account",
                  "that email belongs to an account that cannot be made staff");
            }
          } else {
            List<FieldError> errors = new ArrayList<>();
            if (command.name() == null
                || command.name().isBlank()
                || command.name().length() > 100) {
              errors.add(new FieldError("name", "is required, at most 100 characters"));
            }
            try {
              policy.check(command.password(), "password");
            } catch (DomainException.Invalid e) {
              errors.addAll(e.errors());
            }
            if (!errors.isEmpty()) {
              throw new DomainException.Invalid(errors);
            }
            staff =
                new User(
                    Ids.newId(clock),
                    email,
                    command.name().strip(),
                    null,
                    Role.STAFF,
                    hasher.hash(command.password()),
                    clock.instant());
            users.add(staff);
          }
          boolean joins = users.membership(staff.id(), restaurantId).isEmpty();
          users.addMembership(new Membership(restaurantId, staff.id(), Role.STAFF));
          if (joins) {
            UUID by = caller instanceof Caller.SignedIn s ? s.userId() : null;
            alerts.staffAdded(restaurantId, staff, by, clock.instant());
          }
          return staff;
        });
  }
}
