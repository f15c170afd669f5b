package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The owner changes the restaurant's settings. Each field of the command is optional: null leaves
 * it as it is.
 *
 * <p>Online payment needs a payment provider account, which this version of OrderSync cannot
 * configure yet, so switching to {@code ONLINE} is refused rather than leaving every new order
 * waiting for a payment that cannot come.
 */
public final class UpdateRestaurantSettings {
  private final Restaurants restaurants;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;
  private final boolean onlinePaymentAvailable;

  public UpdateRestaurantSettings(
      Restaurants restaurants,
      StaffAccess access,
      UnitOfWork unitOfWork,
      Clock clock,
      boolean onlinePaymentAvailable) {
    this.restaurants = restaurants;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
    this.onlinePaymentAvailable = onlinePaymentAvailable;
  }

  /**
   * The changes; null leaves a setting as it is. {@code orderPrefix} is an {@link Optional} inside
   * a nullable field: null = leave, empty = no prefix. {@code expectedVersion} may be null, and
   * when given a stale version is a {@code version_conflict}.
   *
   * @param name at most 100 characters, kept stripped
   * @param prepMinutes 1 to 240
   * @param orderPrefix one to three capital letters
   * @param guestTexts which order changes its guests are texted about (empty: none)
   */
  @SuppressWarnings({"OptionalUsedAsFieldOrParameterType", "OptionalAssignedToNull"})
  public record Command(
      String name,
      Boolean paused,
      Boolean autoAccept,
      Integer prepMinutes,
      PaymentMode paymentMode,
      Boolean requireStaffSecondFactor,
      Optional<String> orderPrefix,
      List<String> tables,
      java.util.Set<GuestText> guestTexts,
      Long expectedVersion) {
    public Command {
      if (guestTexts != null) {
        guestTexts = GuestText.copyOf(guestTexts);
      }
      if (tables != null) {
        tables = List.copyOf(tables);
        String problem = Restaurant.tablesProblem(tables);
        if (problem != null) {
          throw new DomainException.Invalid("tables", problem);
        }
      }
      if (name != null) {
        name = name.strip();
        if (name.isEmpty() || name.length() > 100) {
          throw new DomainException.Invalid("name", "is required, at most 100 characters");
        }
      }
      if (prepMinutes != null && (prepMinutes < 1 || prepMinutes > 240)) {
        throw new DomainException.Invalid("prep_minutes", "must be between 1 and 240");
      }
      if (orderPrefix != null
          && orderPrefix.isPresent()
          && !orderPrefix.get().matches("[A-Z]{1,3}")) {
        throw new DomainException.Invalid(
            "order_prefix", "must be one to three capital letters, or null");
      }
    }

    public Command(
        String name,
        Boolean paused,
        Boolean autoAccept,
        Integer prepMinutes,
        PaymentMode paymentMode,
        Long expectedVersion) {
      this(name, paused, autoAccept, prepMinutes, paymentMode, null, null, null, expectedVersion);
    }

    /** The settings without the guests' texts (left as they are). */
    public Command(
        String name,
        Boolean paused,
        Boolean autoAccept,
        Integer prepMinutes,
        PaymentMode paymentMode,
        Boolean requireStaffSecondFactor,
        Optional<String> orderPrefix,
        List<String> tables,
        Long expectedVersion) {
      this(
          name,
          paused,
          autoAccept,
          prepMinutes,
          paymentMode,
          requireStaffSecondFactor,
          orderPrefix,
          tables,
          null,
          expectedVersion);
    }

    public Command(
        String name,
        Boolean paused,
        Boolean autoAccept,
        Integer prepMinutes,
        PaymentMode paymentMode,
        Boolean requireStaffSecondFactor,
        Long expectedVersion) {
      this(
          name,
          paused,
          autoAccept,
          prepMinutes,
          paymentMode,
          requireStaffSecondFactor,
          null,
          null,
          expectedVersion);
    }
  }

  /**
   * Refuses a caller who may not change the settings, exactly as {@link #handle} would (401, 403,
   * or 404 for what is not theirs), before the request's input is read or validated; raises no
   * tenant wall.
   */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  public Restaurant handle(Caller caller, Command command) {
    return unitOfWork.run(
        () -> {
          var restaurantId = access.requireOwner(caller);
          Restaurant current =
              restaurants
                  .byId(restaurantId)
                  .orElseThrow(() -> new DomainException.NotFound("restaurant"));
          if (command.expectedVersion() != null && command.expectedVersion() != current.version()) {
            throw new DomainException.Conflict(
                "version_conflict",
                "the restaurant was changed by someone else (now version "
                    + current.version()
                    + ")");
          }
          PaymentMode mode =
              command.paymentMode() == null ? current.paymentMode() : command.paymentMode();
          if (mode == PaymentMode.ONLINE
              && current.paymentMode() != PaymentMode.ONLINE
              && !onlinePaymentAvailable) {
            throw new DomainException.RuleViolated(
                "online_payment_unavailable", "online payment is not configured on this server");
          }
          Restaurant changed = changed(current, command, mode);
          restaurants.update(changed);
          return changed;
        });
  }

  private Restaurant changed(Restaurant current, Command command, PaymentMode mode) {
    return current.withSettings(
        command.paused() == null ? current.paused() : command.paused(),
        command.autoAccept() == null ? current.autoAccept() : command.autoAccept(),
        command.prepMinutes() == null ? current.prepMinutes() : command.prepMinutes(),
        mode,
        command.requireStaffSecondFactor() == null
            ? current.requireStaffSecondFactor()
            : command.requireStaffSecondFactor(),
        command.orderPrefix() == null ? current.orderPrefix() : command.orderPrefix().orElse(null),
        command.name() == null ? current.name() : command.name(),
        command.tables() == null ? current.tables() : command.tables(),
        command.guestTexts() == null ? current.guestTexts() : command.guestTexts(),
        clock.instant());
  }
}
