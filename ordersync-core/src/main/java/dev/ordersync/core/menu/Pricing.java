package dev.ordersync.core.menu;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

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
}
