package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The owner replaces the restaurant's opening hours, holidays and closures as a whole. */
public final class SetOpeningHours {
  public static final int MAX_RANGES_PER_DAY = 6;
  public static final int MAX_HOLIDAYS = 366;
  public static final int MAX_CLOSURES = 100;
  private final Restaurants restaurants;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public SetOpeningHours(
      Restaurants restaurants, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.restaurants = restaurants;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * The restaurant's hours as a whole: at most {@value #MAX_RANGES_PER_DAY} ranges a day, none
   * overlapping another of the same day, at most {@value #MAX_HOLIDAYS} holidays and {@value
   * #MAX_CLOSURES} closures. {@code expectedVersion} may be null, and when given a stale version is
   * a {@code version_conflict}.
   */
  public record Command(OpeningHours hours, Long expectedVersion) {
    public Command {
      Objects.requireNonNull(hours, "hours");
      List<FieldError> errors = new ArrayList<>();
      checkWeekly(hours.weekly(), errors);
      if (hours.holidays().size() > MAX_HOLIDAYS) {
        errors.add(new FieldError("holidays", "at most " + MAX_HOLIDAYS));
      }
      if (hours.closures().size() > MAX_CLOSURES) {
        errors.add(new FieldError("closures", "at most " + MAX_CLOSURES));
      }
      DomainException.Invalid.throwIfAny(errors);
    }

    private static void checkWeekly(List<OpeningHours.Range> weekly, List<FieldError> errors) {
      Map<DayOfWeek, Integer> perDay = new EnumMap<>(DayOfWeek.class);
      for (int i = 0; i < weekly.size(); i++) {
        OpeningHours.Range r = weekly.get(i);
        if (perDay.merge(r.day(), 1, Integer::sum) > MAX_RANGES_PER_DAY) {
          errors.add(
              new FieldError(
                  "weekly[" + i + "]", "at most " + MAX_RANGES_PER_DAY + " ranges a day"));
        }
        for (int j = 0; j < i; j++) {
          OpeningHours.Range o = weekly.get(j);
          if (o.day() == r.day() && overlaps(o, r)) {
            errors.add(new FieldError("weekly[" + i + "]", "overlaps weekly[" + j + "]"));
          }
        }
      }
    }
  }

  /**
   * Refuses a caller who may not set the opening hours, exactly as {@link #handle} would (401, 403,
   * or 404 for what is not theirs), before the request's input is read or validated; raises no
   * tenant wall.
   */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  public Restaurant handle(Caller caller, Command command) {
    OpeningHours hours = command.hours();
    Long expectedVersion = command.expectedVersion();
    return unitOfWork.run(
        () -> {
          var id = access.requireOwner(caller);
          Restaurant current =
              restaurants.byId(id).orElseThrow(() -> new DomainException.NotFound("restaurant"));
          if (expectedVersion != null && expectedVersion != current.version()) {
            throw new DomainException.Conflict(
                "version_conflict",
                "the restaurant was changed by someone else (now version "
                    + current.version()
                    + ")");
          }
          Restaurant changed = current.withHours(hours, clock.instant());
          restaurants.update(changed);
          return changed;
        });
  }

  private static boolean overlaps(OpeningHours.Range a, OpeningHours.Range b) {
    int aStart = a.opens().toSecondOfDay();
    int aEnd = aStart + (int) a.length().toSeconds();
    int bStart = b.opens().toSecondOfDay();
    int bEnd = bStart + (int) b.length().toSeconds();
    return aStart < bEnd && bStart < aEnd;
  }
}
