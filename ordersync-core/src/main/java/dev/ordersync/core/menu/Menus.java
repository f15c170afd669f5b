package dev.ordersync.core.menu;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The menus of all restaurants. Removed items are kept for history but no longer listed or
 * orderable.
 */
public interface Menus {
  void addCategory(MenuCategory category);

  Optional<MenuCategory> category(UUID restaurantId, UUID categoryId);

  List<MenuCategory> categories(UUID restaurantId);

  /** Stores a category's new name and position (the category exists). */
  void updateCategory(MenuCategory category);

  /**
   * Deletes a category: its items (listed or removed) become uncategorised, listed ones with a new
   * version. Price rules keep naming it and so cover none of those items (a rule naming only it
   * must not become a rule for the whole menu). False if the restaurant has no such category.
   */
  boolean removeCategory(UUID restaurantId, UUID categoryId);

  void addItem(MenuItem item);

  /** The item if it exists, belongs to the restaurant and was not removed. */
  Optional<MenuItem> item(UUID restaurantId, UUID itemId);

  /** The listed items of one restaurant. */
  List<MenuItem> items(UUID restaurantId);

  /** The listed items among {@code ids} that belong to the restaurant, by id. */
  Map<UUID, MenuItem> items(UUID restaurantId, Collection<UUID> ids);

  /**
   * Stores a changed item if its stored version is still {@code item.version() - 1}; a {@code
   * Conflict("version_conflict")} otherwise.
   */
  void updateItem(MenuItem item);

  /** Takes the item off the menu; returns false if there was no such listed item. */
  boolean removeItem(UUID restaurantId, UUID itemId);

  /**
   * Takes {@code quantity} from a counted item's stock if that much is left; always true for an
   * uncounted item. Atomic against concurrent reservations.
   */
  boolean reserveStock(UUID restaurantId, UUID itemId, int quantity);

  /**
   * Gives back stock taken for an order that will not be made. Does nothing for an uncounted item.
   */
  void releaseStock(UUID restaurantId, UUID itemId, int quantity);

  void addOptionGroup(OptionGroup group);

  /**
   * The option groups of the given items of one restaurant, by item id, each list in position
   * order.
   */
  Map<UUID, List<OptionGroup>> optionGroups(UUID restaurantId, Collection<UUID> itemIds);

  boolean removeOptionGroup(UUID restaurantId, UUID groupId);

  void addPriceRule(PriceRule rule);

  List<PriceRule> priceRules(UUID restaurantId);

  boolean removePriceRule(UUID restaurantId, UUID ruleId);

  /**
   * What pricing an order reads of the menu: the items asked for, their option groups, the
   * restaurant's price rules.
   */
  record ForOrder(
      Map<UUID, MenuItem> items,
      Map<UUID, List<OptionGroup>> optionGroups,
      List<PriceRule> priceRules) {
    public ForOrder {
      items = Map.copyOf(items);
      optionGroups = Map.copyOf(optionGroups);
      priceRules = List.copyOf(priceRules);
    }
  }

  /**
   * {@link #items(UUID, Collection)}, then {@link #optionGroups} of the items found and {@link
   * #priceRules}, read together. A store that can read them in one go (one round trip) overrides
   * this.
   */
  default ForOrder forOrder(UUID restaurantId, Collection<UUID> itemIds) {
    Map<UUID, MenuItem> items = items(restaurantId, itemIds);
    return new ForOrder(
        items, optionGroups(restaurantId, items.keySet()), priceRules(restaurantId));
  }
}
