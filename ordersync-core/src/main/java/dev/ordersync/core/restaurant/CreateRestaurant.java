package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.Users;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * An OWNER opens a restaurant on OrderSync and becomes its first member. New restaurants take
 * payment at the counter.
 */
public final class CreateRestaurant {
  private final Restaurants restaurants;
  private final Users users;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public CreateRestaurant(
      Restaurants restaurants, Users users, UnitOfWork unitOfWork, Clock clock) {
    this.restaurants = restaurants;
    this.users = users;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /** {@code phone}, {@code address} and {@code timeZone} may be null. */
  public record Command(
      String name, String businessNumber, String phone, String address, String timeZone) {}

  public Restaurant handle(Caller caller, Command command) {
    if (!(caller instanceof Caller.SignedIn owner)) {
      throw new DomainException.Unauthenticated(
          "unauthenticated", "sign in as an owner to create a restaurant");
    }
    if (owner.role() != Role.OWNER) {
      throw new DomainException.Forbidden("only an OWNER account can create a restaurant");
    }
    List<FieldError> errors = new ArrayList<>();
    String name = command.name() == null ? "" : command.name().strip();
    if (name.isEmpty() || name.length() > 100) {
      errors.add(new FieldError("name", "is required, at most 100 characters"));
    }
    BusinessNumber brn = null;
    try {
      brn = BusinessNumber.parse(command.businessNumber());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("business_number", e.getMessage()));
    }
    PhoneNumber phone = null;
    if (command.phone() != null) {
      try {
        phone = PhoneNumber.parse(command.phone());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("phone", e.getMessage()));
      }
    }
    String address = command.address() == null ? null : command.address().strip();
    if (address != null && address.length() > 300) {
      errors.add(new FieldError("address", "must have at most 300 characters"));
    }
    ZoneId zone = Restaurant.DEFAULT_TIME_ZONE;
    if (command.timeZone() != null) {
      try {
        zone = ZoneId.of(command.timeZone());
      } catch (DateTimeException e) {
        errors.add(
            new FieldError("time_zone", "is not a known time zone (for example Asia/Seoul)"));
      }
    }
    if (!errors.isEmpty()) {
      throw new DomainException.Invalid(errors);
    }
    Instant now = clock.instant();
    Restaurant restaurant =
        new Restaurant(
            Ids.newId(clock),
            name,
            brn,
            phone,
            address,
            zone,
            false,
            false,
            Restaurant.DEFAULT_PREP_MINUTES,
            PaymentMode.AT_COUNTER,
            false,
            OpeningHours.ALWAYS,
            null,
            1,
            now,
            now);
    return unitOfWork.run(
        () -> {
          restaurants.add(restaurant);
          users.addMembership(new Membership(restaurant.id(), owner.userId(), Role.OWNER));
          return restaurant;
        });
  }
}
