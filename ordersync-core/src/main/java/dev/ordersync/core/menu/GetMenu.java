package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.DomainException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a restaurant's menu as customers see it now: categories in order, every listed item with
 * its option groups, its availability and its price at this moment (after price rules).
 */
public final class GetMenu {
  private final Restaurants restaurants;
  private final Menus menus;
  private final Clock clock;

  public GetMenu(Restaurants restaurants, Menus menus, Clock clock) {
    this.restaurants = restaurants;
    this.menus = menus;
    this.clock = clock;
  }

  /** An item as listed now. */
  public record Entry(MenuItem item, Pricing.Priced price, List<OptionGroup> optionGroups) {}

  /**
   * @param nextPriceChangeAt when the price of an item next changes by a rule's window starting or
   *     ending (null: not within eight days): the moment to read the menu again
   */
  public record Menu(
      UUID restaurantId,
      List<MenuCategory> categories,
      List<Entry> items,
      List<PriceRule> rules,
      java.time.Instant nextPriceChangeAt) {}

  public Menu handle(UUID restaurantId) {
    Restaurant restaurant =
        restaurants
            .byId(restaurantId)
            .orElseThrow(() -> new DomainException.NotFound("restaurant"));
    List<MenuCategory> categories =
        menus.categories(restaurantId).stream()
            .sorted(
                Comparator.comparingInt(MenuCategory::position).thenComparing(MenuCategory::name))
            .toList();
    List<MenuItem> items =
        menus.items(restaurantId).stream().sorted(Comparator.comparing(MenuItem::name)).toList();
    Map<UUID, List<OptionGroup>> groups =
        menus.optionGroups(restaurantId, items.stream().map(MenuItem::id).toList());
    List<PriceRule> rules = menus.priceRules(restaurantId);
    var now = clock.instant();
    List<Entry> entries =
        items.stream()
            .map(
                i ->
                    new Entry(
                        i,
                        Pricing.price(i, rules, now, restaurant.timeZone()),
                        groups.getOrDefault(i.id(), List.of())))
            .toList();
    return new Menu(
        restaurantId,
        categories,
        entries,
        rules,
        Pricing.nextChange(items, rules, now, restaurant.timeZone()));
  }
}
