package dev.ordersync.core.analytics;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;

/** The owner turns the daily report and the weekly summary emails on or off. */
public final class ChooseReports {
  private final ReportSettings settings;
  private final StaffAccess staff;
  private final UnitOfWork unitOfWork;

  public ChooseReports(ReportSettings settings, StaffAccess staff, UnitOfWork unitOfWork) {
    this.settings = settings;
    this.staff = staff;
    this.unitOfWork = unitOfWork;
  }

  /** The restaurant's choices as they stand, for its owner or staff. */
  public ReportSettings.Choices current(Caller caller) {
    return unitOfWork.run(() -> settings.of(staff.requireStaff(caller)));
  }

  /** The restaurant's settings and its report choices, as they stand after a change. */
  public record WithSettings(Restaurant restaurant, ReportSettings.Choices reports) {}

  /**
   * Changes the restaurant's settings and the report choices in one unit of work: a settings change
   * that is refused (a stale version, a bad value) leaves the report choices as they were, and the
   * answer shows both as one snapshot.
   */
  public WithSettings handle(
      Caller caller,
      UpdateRestaurantSettings settings,
      UpdateRestaurantSettings.Command command,
      Boolean daily,
      Boolean weekly) {
    return unitOfWork.run(
        () -> new WithSettings(settings.handle(caller, command), handle(caller, daily, weekly)));
  }

  /** Changes what is given (null leaves it) and answers the choices as they now stand. */
  public ReportSettings.Choices handle(Caller caller, Boolean daily, Boolean weekly) {
    return unitOfWork.run(
        () -> {
          var restaurantId = staff.requireOwner(caller);
          ReportSettings.Choices now = settings.of(restaurantId);
          if (daily == null && weekly == null) {
            return now;
          }
          ReportSettings.Choices changed =
              new ReportSettings.Choices(
                  daily == null ? now.daily() : daily, weekly == null ? now.weekly() : weekly);
          settings.save(restaurantId, changed);
          return changed;
        });
  }
}
