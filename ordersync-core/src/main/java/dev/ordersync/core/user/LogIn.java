package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a user's password, decides which restaurant the session acts for, and opens a session, or
 * says that a second factor is needed first. Issuing access tokens is the adapter's job.
 *
 * <p>Every failure looks the same to the caller ({@code invalid_credentials}) and takes about as
 * long, whether the email is unknown or the password wrong.
 */
public final class LogIn {
  private final Users users;
  private final PasswordHasher hasher;
  private final SessionStarter starter;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final LoginWatch watch;

  /**
   * @param knownDevices where the account logged in from before
   * @param alerts told of a login from a device and address the account never used
   */
  public LogIn(
      Users users,
      PasswordHasher hasher,
      Sessions sessions,
      SecurityEvents events,
      KnownDevices knownDevices,
      AccountAlerts alerts,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.starter = new SessionStarter(sessions, clock);
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.watch = new LoginWatch(knownDevices, alerts, clock);
  }

  public LogIn(
      Users users,
      PasswordHasher hasher,
      Sessions sessions,
      SecurityEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this(
        users,
        hasher,
        sessions,
        events,
        KnownDevices.none(),
        AccountAlerts.none(),
        unitOfWork,
        clock);
  }

  public LogIn(
      Users users, PasswordHasher hasher, Sessions sessions, UnitOfWork unitOfWork, Clock clock) {
    this(users, hasher, sessions, SecurityEvents.none(), unitOfWork, clock);
  }

  /**
   * {@code restaurantId} may be null: a member of exactly one restaurant then acts for it. {@code
   * place}: where the login comes from, or {@link LoginPlace#UNKNOWN}.
   */
  public record Command(String email, String password, UUID restaurantId, LoginPlace place) {
    public Command {
      place = place == null ? LoginPlace.UNKNOWN : place;
    }

    public Command(String email, String password, UUID restaurantId) {
      this(email, password, restaurantId, LoginPlace.UNKNOWN);
    }
  }

  /** What the login led to. */
  public sealed interface Outcome {
    /** A session is open; {@code refreshToken} is shown to the client once. */
    record SignedIn(User user, Session session, String refreshToken) implements Outcome {}

    /** The password was right; a TOTP or recovery code must follow for the session to open. */
    record SecondFactorRequired(User user, UUID restaurantId) implements Outcome {}
  }

  public Outcome handle(Command command) {
    Optional<User> found;
    try {
      found = users.byEmail(new EmailAddress(command.email()));
    } catch (IllegalArgumentException e) {
      found = Optional.empty();
    }
    String password = command.password() == null ? "" : command.password();
    if (found.isEmpty() || found.get().erased()) {
      hasher.burnEquivalentTime(password);
      throw failed(null);
    }
    User user = found.get();
    if (!hasher.matches(password, user.passwordHash())) {
      throw failed(user.id());
    }
    UUID restaurantId = actingRestaurant(users, user, command.restaurantId());
    boolean secondFactor =
        users.secondFactor(user.id()).map(Users.SecondFactor::enabled).orElse(false);
    if (secondFactor) {
      return new Outcome.SecondFactorRequired(user, restaurantId);
    }
    return unitOfWork.run(
        () -> {
          SessionStarter.Started started = starter.start(user.id(), restaurantId, false);
          events.record("login_succeeded", user.id(), started.session().id(), java.util.Map.of());
          watch.loggedIn(user, command.place(), started.session().id());
          return new Outcome.SignedIn(user, started.session(), started.refreshToken());
        });
  }

  /**
   * The restaurant a new session acts for: the one asked for (the user must belong to it), or the
   * only one.
   */
  static UUID actingRestaurant(Users users, User user, UUID requested) {
    List<Membership> memberships = users.memberships(user.id());
    if (requested != null) {
      boolean member = memberships.stream().anyMatch(m -> m.restaurantId().equals(requested));
      if (!member) {
        throw new DomainException.Forbidden("you are not a member of that restaurant");
      }
      return requested;
    }
    return memberships.size() == 1 ? memberships.getFirst().restaurantId() : null;
  }

  /**
   * Records the failed attempt (committed on its own: the refusal must not undo it), then refuses.
   */
  private DomainException failed(java.util.UUID userId) {
    unitOfWork.run(
        () -> {
          events.record("login_failed", userId, null, java.util.Map.of());
          return null;
        });
    return invalid();
  }

  static DomainException invalid() {
    return new DomainException.Unauthenticated(
        "invalid_credentials", "the email or password is wrong");
  }
}
