package dev.ordersync.core.restaurant;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a restaurant takes orders, in its own time zone: ranges per weekday (several a day; a range
 * whose closing time is not after its opening time runs past midnight, like a bar open
 * 18:00-02:00), holidays (whole local dates, closing the ranges that start on them) and one-off
 * closures (instant to instant). A restaurant with no weekly ranges has not set its hours and is
 * open around the clock.
 */
public record OpeningHours(List<Range> weekly, Set<LocalDate> holidays, List<Closure> closures) {
  public static final OpeningHours ALWAYS = new OpeningHours(List.of(), Set.of(), List.of());
  private static final int LOOK_AHEAD_DAYS = 400;

  /**
   * One opening on a weekday; {@code closes} not after {@code opens} means it ends the next day.
   */
  public record Range(DayOfWeek day, LocalTime opens, LocalTime closes) {
    public Range {
      if (day == null || opens == null || closes == null) {
        throw new IllegalArgumentException("a range needs a day, an opening and a closing time");
      }
    }

    boolean crossesMidnight() {
      return !closes.isAfter(opens);
    }

    /** The range's length; 00:00-00:00 is the whole day. */
    Duration length() {
      Duration d = Duration.between(opens, closes);
      return crossesMidnight() ? d.plusDays(1) : d;
    }
  }

  /** A one-off closure (a private event, a renovation), from (inclusive) to (exclusive). */
  public record Closure(Instant from, Instant to, String reason) {
    public Closure {
      if (from == null || to == null || !to.isAfter(from)) {
        throw new IllegalArgumentException("a closure ends after it starts");
      }
    }
  }

  public OpeningHours {
    weekly = List.copyOf(weekly);
    holidays = Set.copyOf(new TreeSet<>(holidays));
    closures = closures.stream().sorted(Comparator.comparing(Closure::from)).toList();
  }

  public boolean configured() {
    return !weekly.isEmpty();
  }

  public boolean isOpen(Instant at, ZoneId zone) {
    if (closures.stream().anyMatch(c -> !at.isBefore(c.from()) && at.isBefore(c.to()))) {
      return false;
    }
    if (weekly.isEmpty()) {
      return true;
    }
    LocalDate today = at.atZone(zone).toLocalDate();
    for (LocalDate startDay : List.of(today, today.minusDays(1))) {
      if (holidays.contains(startDay)) {
        continue;
      }
      for (Range r : weekly) {
        if (r.day() != startDay.getDayOfWeek()) {
          continue;
        }
        Instant opens = ZonedDateTime.of(startDay, r.opens(), zone).toInstant();
        Instant closes = ZonedDateTime.of(startDay, r.opens(), zone).plus(r.length()).toInstant();
        if (!at.isBefore(opens) && at.isBefore(closes)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The next moment at or after {@code at} when the restaurant is open, if any within a year (a
   * restaurant with hours but every day a holiday has none).
   */
  public Optional<Instant> nextOpening(Instant at, ZoneId zone) {
    if (isOpen(at, zone)) {
      return Optional.of(at);
    }
    // Candidates: every range start and every closure end; the earliest that is open is the answer.
    LocalDate today = at.atZone(zone).toLocalDate();
    TreeSet<Instant> candidates = new TreeSet<>();
    for (int d = -1; d <= LOOK_AHEAD_DAYS; d++) {
      LocalDate day = today.plusDays(d);
      for (Range r : weekly) {
        if (r.day() == day.getDayOfWeek()) {
          candidates.add(ZonedDateTime.of(day, r.opens(), zone).toInstant());
        }
      }
    }
    closures.forEach(c -> candidates.add(c.to()));
    if (weekly.isEmpty()) {
      return closures.stream()
          .map(Closure::to)
          .filter(t -> t.isAfter(at))
          .filter(t -> isOpen(t, zone))
          .findFirst();
    }
    for (Instant c : candidates.tailSet(at, false)) {
      if (isOpen(c, zone)) {
        return Optional.of(c.truncatedTo(ChronoUnit.SECONDS));
      }
    }
    return Optional.empty();
  }
}
