package dev.ordersync.core.menu;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.TreeSet;

/** The price of an item at a moment: its base price, or the price of the rule that wins then. */
public final class Pricing {
  private Pricing() {}

  /**
   * @param rule the rule that set the price, or null for the base price
   */
  public record Priced(Won base, Won price, PriceRule rule) {}

  public static Priced price(MenuItem item, List<PriceRule> rules, Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    PriceRule best = null;
    Won bestPrice = item.price();
    for (PriceRule r : rules) {
      if (!r.covers(item) || !r.activeAt(local)) {
        continue;
      }
      Won p = r.apply(item.price());
      if (best == null
          || r.priority() > best.priority()
          || (r.priority() == best.priority() && p.compareTo(bestPrice) < 0)) {
        best = r;
        bestPrice = p;
      }
    }
    return new Priced(item.price(), bestPrice, best);
  }

  /**
   * The first instant after {@code now}, within the next eight days, at which the price of any of
   * {@code items} changes because a rule's window starts or ends (in the restaurant's time zone);
   * null if none does. A page showing prices refetches the menu then, so prices that change without
   * any write still change on screen.
   */
  public static Instant nextChange(
      List<MenuItem> items, List<PriceRule> rules, Instant now, ZoneId zone) {
    if (rules.isEmpty() || items.isEmpty()) {
      return null;
    }
    TreeSet<Instant> boundaries = new TreeSet<>();
    LocalDate today = now.atZone(zone).toLocalDate();
    for (int d = -1; d <= 8; d++) {
      LocalDate day = today.plusDays(d);
      for (PriceRule r : rules) {
        for (LocalTime t : List.of(r.from(), r.to())) {
          Instant at = day.atTime(t).atZone(zone).toInstant();
          if (at.isAfter(now)) {
            boundaries.add(at);
          }
        }
      }
    }
    Instant horizon = now.plus(java.time.Duration.ofDays(8));
    for (Instant at : boundaries) {
      if (at.isAfter(horizon)) {
        return null;
      }
      for (MenuItem item : items) {
        if (!price(item, rules, at, zone).price().equals(price(item, rules, now, zone).price())) {
          return at;
        }
      }
    }
    return null;
  }
}
