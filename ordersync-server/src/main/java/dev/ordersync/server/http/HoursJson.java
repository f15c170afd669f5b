package dev.ordersync.server.http;

import dev.ordersync.core.menu.AddPriceRule;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads opening hours and price rules from request bodies, naming each bad field by its path. */
final class HoursJson {
  private HoursJson() {}

  static OpeningHours read(JsonBody body) {
    List<FieldError> errors = new ArrayList<>();
    List<OpeningHours.Range> weekly = new ArrayList<>();
    List<JsonBody> ranges = body.objects("weekly");
    if (ranges != null) {
      for (int i = 0; i < ranges.size(); i++) {
        JsonBody r = ranges.get(i).allow("day", "opens", "closes");
        DayOfWeek day = day(r.string("day"), "weekly[" + i + "].day", errors);
        LocalTime opens = time(r.string("opens"), "weekly[" + i + "].opens", errors);
        LocalTime closes = time(r.string("closes"), "weekly[" + i + "].closes", errors);
        if (day != null && opens != null && closes != null) {
          weekly.add(new OpeningHours.Range(day, opens, closes));
        }
      }
    }
    Set<LocalDate> holidays = new HashSet<>();
    List<String> dates = body.strings("holidays");
    if (dates != null) {
      for (int i = 0; i < dates.size(); i++) {
        try {
          holidays.add(LocalDate.parse(dates.get(i)));
        } catch (DateTimeParseException e) {
          errors.add(new FieldError("holidays[" + i + "]", "must be a date such as 2026-12-25"));
        }
      }
    }
    List<OpeningHours.Closure> closures = new ArrayList<>();
    List<JsonBody> given = body.objects("closures");
    if (given != null) {
      for (int i = 0; i < given.size(); i++) {
        JsonBody c = given.get(i).allow("from", "to", "reason");
        Instant from = instant(c.string("from"), "closures[" + i + "].from", errors);
        Instant to = instant(c.string("to"), "closures[" + i + "].to", errors);
        if (from != null && to != null) {
          if (!to.isAfter(from)) {
            errors.add(new FieldError("closures[" + i + "].to", "must be after from"));
          } else {
            closures.add(new OpeningHours.Closure(from, to, c.string("reason")));
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new DomainException.Invalid(errors);
    }
    return new OpeningHours(weekly, holidays, closures);
  }

  static AddPriceRule.Command priceRule(JsonBody body) {
    List<FieldError> errors = new ArrayList<>();
    PriceRule.Kind kind = null;
    String k = body.string("kind");
    if (k != null) {
      try {
        kind = PriceRule.Kind.valueOf(k);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("kind", "must be PERCENT_OFF, AMOUNT_OFF or SET_PRICE"));
      }
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    List<String> given = body.strings("days");
    if (given != null) {
      for (int i = 0; i < given.size(); i++) {
        DayOfWeek d = day(given.get(i), "days[" + i + "]", errors);
        if (d != null) {
          days.add(d);
        }
      }
    }
    LocalTime from = body.string("from") == null ? null : time(body.string("from"), "from", errors);
    LocalTime to = body.string("to") == null ? null : time(body.string("to"), "to", errors);
    List<UUID> items = body.uuids("item_ids");
    List<UUID> categories = body.uuids("category_ids");
    if (!errors.isEmpty()) {
      throw new DomainException.Invalid(errors);
    }
    return AddPriceRule.Command.from(
        body.string("name"),
        kind,
        body.integer("value"),
        days,
        from,
        to,
        body.int32("priority"),
        items == null ? Set.of() : Set.copyOf(items),
        categories == null ? Set.of() : Set.copyOf(categories));
  }

  private static DayOfWeek day(String text, String field, List<FieldError> errors) {
    try {
      return DayOfWeek.valueOf(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.add(new FieldError(field, "must be MONDAY ... SUNDAY"));
      return null;
    }
  }

  private static LocalTime time(String text, String field, List<FieldError> errors) {
    try {
      if (text == null || !text.matches("\\d{2}:\\d{2}")) {
        throw new DateTimeParseException("", String.valueOf(text), 0);
      }
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a local time HH:MM such as 18:00"));
      return null;
    }
  }

  private static Instant instant(String text, String field, List<FieldError> errors) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      errors.add(
          new FieldError(field, "must be an RFC 3339 UTC time such as 2026-12-24T09:00:00Z"));
      return null;
    }
  }
}
