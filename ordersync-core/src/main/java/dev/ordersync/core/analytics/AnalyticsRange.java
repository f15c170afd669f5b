package dev.ordersync.core.analytics;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The days one analytics request covers, both included, in the restaurant's time zone, and the size
 * of its series' points. It cannot be built invalid: {@code to} not before {@code from}, and at
 * most {@link Granularity#maxDays()} days.
 */
public record AnalyticsRange(LocalDate from, LocalDate to, Granularity granularity) {
  public AnalyticsRange {
    List<FieldError> errors = new ArrayList<>();
    if (from == null) {
      errors.add(new FieldError("from", "is required"));
    }
    if (to == null) {
      errors.add(new FieldError("to", "is required"));
    }
    if (granularity == null) {
      errors.add(new FieldError("granularity", "must be hour, day or week"));
    }
    if (from != null && to != null) {
      if (to.isBefore(from)) {
        errors.add(new FieldError("to", "must not be before from"));
      } else if (granularity != null && days(from, to) > granularity.maxDays()) {
        errors.add(
            new FieldError(
                "to",
                "must be at most "
                    + granularity.maxDays()
                    + " days from from, both included, at granularity "
                    + granularity.name().toLowerCase(java.util.Locale.ROOT)));
      }
    }
    DomainException.Invalid.throwIfAny(errors);
  }

  /**
   * Reads a request's text: {@code from} and {@code to} as ISO dates ({@code 2026-12-07}); both
   * absent means the seven days up to {@code today}; {@code granularity} absent means {@code day}.
   * Every problem is reported at once, one field error each.
   */
  public static AnalyticsRange parse(String from, String to, String granularity, LocalDate today) {
    List<FieldError> errors = new ArrayList<>();
    LocalDate f = date(from, "from", errors);
    LocalDate t = date(to, "to", errors);
    if (from == null && to == null) {
      t = today;
      f = today.minusDays(6);
    } else if (from == null) {
      errors.add(new FieldError("from", "is required with to"));
    } else if (to == null) {
      errors.add(new FieldError("to", "is required with from"));
    }
    Granularity g = granularity == null ? Granularity.DAY : Granularity.parse(granularity);
    if (g == null) {
      errors.add(new FieldError("granularity", "must be hour, day or week"));
    }
    DomainException.Invalid.throwIfAny(errors);
    return new AnalyticsRange(f, t, g);
  }

  /** The number of days covered, both ends included. */
  public long days() {
    return days(from, to);
  }

  private static long days(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  private static LocalDate date(String raw, String field, List<FieldError> errors) {
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date such as 2026-12-07"));
      return null;
    }
  }
}
