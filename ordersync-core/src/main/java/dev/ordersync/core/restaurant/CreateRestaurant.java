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

  /**
   * A new restaurant; texts are kept stripped.
   *
   * @param phone may be null
   * @param address at most 300 characters, or null
   * @param timeZone null is {@link Restaurant#DEFAULT_TIME_ZONE}
   */
  public record Command(
      String name,
      BusinessNumber businessNumber,
      PhoneNumber phone,
      String address,
      ZoneId timeZone) {
    private static final String BRN_REQUIRED = "a business registration number has ten digits";

    public Command {
      List<FieldError> errors = new ArrayList<>();
      name = name(name, errors);
      if (businessNumber == null) {
        errors.add(new FieldError("business_number", BRN_REQUIRED));
      }
      address = address(address, errors);
      DomainException.Invalid.throwIfAny(errors);
      timeZone = timeZone == null ? Restaurant.DEFAULT_TIME_ZONE : timeZone;
    }

    /**
     * The command from the texts a client sends, every bad one named: the business number and phone
     * as people write them (220-81-62517, 02-123-4567), the time zone by its IANA name.
     */
    public static Command from(
        String name, String businessNumber, String phone, String address, String timeZone) {
      List<FieldError> errors = new ArrayList<>();
      name(name, errors);
      BusinessNumber brn = null;
      try {
        brn = BusinessNumber.parse(businessNumber);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("business_number", e.getMessage()));
      }
      PhoneNumber number = null;
      if (phone != null) {
        try {
          number = PhoneNumber.parse(phone);
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError("phone", e.getMessage()));
        }
      }
      address(address, errors);
      ZoneId zone = null;
      if (timeZone != null) {
        try {
          zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
          errors.add(
              new FieldError("time_zone", "is not a known time zone (for example Asia/Seoul)"));
        }
      }
      DomainException.Invalid.throwIfAny(errors);
      return new Command(name, brn, number, address, zone);
    }

    private static String name(String name, List<FieldError> errors) {
      String n = name == null ? "" : name.strip();
      if (n.isEmpty() || n.length() > 100) {
        errors.add(new FieldError("name", "is required, at most 100 characters"));
      }
      return n;
    }

    private static String address(String address, List<FieldError> errors) {
      String a = address == null ? null : address.strip();
      if (a != null && a.length() > 300) {
        errors.add(new FieldError("address", "must have at most 300 characters"));
      }
      return a;
    }
  }

  /**
   * Refuses a caller who may not create a restaurant (401, 403), exactly as {@link #handle} would,
   * before the request's input is read or validated.
   */
  public void authorize(Caller caller) {
    owner(caller);
  }

  private static Caller.SignedIn owner(Caller caller) {
    if (!(caller instanceof Caller.SignedIn owner)) {
      throw new DomainException.Unauthenticated(
          "unauthenticated", "sign in as an owner to create a restaurant");
    }
    if (owner.role() != Role.OWNER) {
      throw new DomainException.Forbidden("only an OWNER account can create a restaurant");
    }
    return owner;
  }

  public Restaurant handle(Caller caller, Command command) {
    Caller.SignedIn owner = owner(caller);
    Instant now = clock.instant();
    Restaurant restaurant =
        new Restaurant(
            Ids.newId(clock),
            command.name(),
            command.businessNumber(),
            command.phone(),
            command.address(),
            command.timeZone(),
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
