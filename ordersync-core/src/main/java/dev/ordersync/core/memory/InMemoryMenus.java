package dev.ordersync.core.memory;

import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link Menus} in maps: categories, items (removed ones kept), option groups, price rules. */
final class InMemoryMenus implements Menus, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Data data = new Data();

  /** Everything this adapter holds, copied whole so a failed unit of work can put it back. */
  private static final class Data {
    final Map<UUID, MenuCategory> categories = new LinkedHashMap<>();
    final Map<UUID, MenuItem> items = new LinkedHashMap<>();
    final Set<UUID> removedItems = new HashSet<>();
    final Map<UUID, OptionGroup> optionGroups = new LinkedHashMap<>();
    final Map<UUID, PriceRule> priceRules = new LinkedHashMap<>();

    Data copy() {
      Data d = new Data();
      d.categories.putAll(categories);
      d.items.putAll(items);
      d.removedItems.addAll(removedItems);
      d.optionGroups.putAll(optionGroups);
      d.priceRules.putAll(priceRules);
      return d;
    }
  }

  InMemoryMenus(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Data before = data.copy();
    return () -> data = before;
  }

  @Override
  public void addCategory(MenuCategory category) {
    tx.locked(() -> data.categories.put(category.id(), category));
  }

  @Override
  public Optional<MenuCategory> category(UUID restaurantId, UUID categoryId) {
    return tx.locked(
        () ->
            Optional.ofNullable(data.categories.get(categoryId))
                .filter(c -> c.restaurantId().equals(restaurantId)));
  }

  @Override
  public List<MenuCategory> categories(UUID restaurantId) {
    return tx.locked(
        () ->
            data.categories.values().stream()
                .filter(c -> c.restaurantId().equals(restaurantId))
                .toList());
  }

  @Override
  public void updateCategory(MenuCategory category) {
    tx.locked(() -> data.categories.put(category.id(), category));
  }

  @Override
  public boolean removeCategory(UUID restaurantId, UUID categoryId) {
    return tx.locked(
        () -> {
          if (category(restaurantId, categoryId).isEmpty()) {
            return false;
          }
          data.categories.remove(categoryId);
          data.items.replaceAll(
              (id, i) ->
                  categoryId.equals(i.categoryId())
                      ? new MenuItem(
                          i.id(),
                          i.restaurantId(),
                          null,
                          i.name(),
                          i.description(),
                          i.imageUrl(),
                          i.price(),
                          i.available(),
                          i.stock(),
                          data.removedItems.contains(id) ? i.version() : i.version() + 1,
                          i.createdAt(),
                          i.updatedAt())
                      : i);
          return true;
        });
  }

  @Override
  public void addItem(MenuItem item) {
    tx.locked(() -> data.items.put(item.id(), item));
  }

  @Override
  public Optional<MenuItem> item(UUID restaurantId, UUID itemId) {
    return tx.locked(
        () ->
            Optional.ofNullable(data.items.get(itemId))
                .filter(i -> i.restaurantId().equals(restaurantId) && listed(itemId)));
  }

  @Override
  public List<MenuItem> items(UUID restaurantId) {
    return tx.locked(
        () ->
            data.items.values().stream()
                .filter(i -> i.restaurantId().equals(restaurantId) && listed(i.id()))
                .toList());
  }

  @Override
  public Map<UUID, MenuItem> items(UUID restaurantId, Collection<UUID> ids) {
    Map<UUID, MenuItem> found = new HashMap<>();
    for (UUID id : ids) {
      item(restaurantId, id).ifPresent(i -> found.put(id, i));
    }
    return found;
  }

  private boolean listed(UUID itemId) {
    return !data.removedItems.contains(itemId);
  }

  @Override
  public void updateItem(MenuItem item) {
    tx.locked(
        () -> {
          MenuItem stored = data.items.get(item.id());
          if (stored == null || stored.version() != item.version() - 1) {
            throw MemoryTransactions.stale("menu item");
          }
          data.items.put(item.id(), item);
        });
  }

  @Override
  public boolean removeItem(UUID restaurantId, UUID itemId) {
    return tx.locked(() -> item(restaurantId, itemId).isPresent() && data.removedItems.add(itemId));
  }

  @Override
  public boolean reserveStock(UUID restaurantId, UUID itemId, int quantity) {
    return tx.locked(
        () -> {
          MenuItem item = data.items.get(itemId);
          if (item == null || !item.restaurantId().equals(restaurantId)) {
            return false;
          }
          if (item.stock() == null) {
            return true;
          }
          if (item.stock() < quantity) {
            return false;
          }
          data.items.put(itemId, withStock(item, item.stock() - quantity));
          return true;
        });
  }

  @Override
  public void releaseStock(UUID restaurantId, UUID itemId, int quantity) {
    tx.locked(
        () -> {
          MenuItem item = data.items.get(itemId);
          if (item != null && item.restaurantId().equals(restaurantId) && item.stock() != null) {
            data.items.put(
                itemId, withStock(item, Math.min(MenuItem.MAX_STOCK, item.stock() + quantity)));
          }
        });
  }

  @Override
  public void addOptionGroup(OptionGroup group) {
    tx.locked(() -> data.optionGroups.put(group.id(), group));
  }

  @Override
  public Map<UUID, List<OptionGroup>> optionGroups(UUID restaurantId, Collection<UUID> itemIds) {
    return tx.locked(
        () -> {
          Map<UUID, List<OptionGroup>> found = new HashMap<>();
          data.optionGroups.values().stream()
              .filter(g -> g.restaurantId().equals(restaurantId) && itemIds.contains(g.itemId()))
              .sorted(Comparator.comparingInt(OptionGroup::position))
              .forEach(g -> found.computeIfAbsent(g.itemId(), k -> new ArrayList<>()).add(g));
          return found;
        });
  }

  @Override
  public boolean removeOptionGroup(UUID restaurantId, UUID groupId) {
    return tx.locked(
        () -> {
          OptionGroup g = data.optionGroups.get(groupId);
          return g != null
              && g.restaurantId().equals(restaurantId)
              && data.optionGroups.remove(groupId) != null;
        });
  }

  @Override
  public void addPriceRule(PriceRule rule) {
    tx.locked(() -> data.priceRules.put(rule.id(), rule));
  }

  @Override
  public List<PriceRule> priceRules(UUID restaurantId) {
    return tx.locked(
        () ->
            data.priceRules.values().stream()
                .filter(r -> r.restaurantId().equals(restaurantId))
                .toList());
  }

  @Override
  public boolean removePriceRule(UUID restaurantId, UUID ruleId) {
    return tx.locked(
        () -> {
          PriceRule r = data.priceRules.get(ruleId);
          return r != null
              && r.restaurantId().equals(restaurantId)
              && data.priceRules.remove(ruleId) != null;
        });
  }

  private static MenuItem withStock(MenuItem i, int stock) {
    return new MenuItem(
        i.id(),
        i.restaurantId(),
        i.categoryId(),
        i.name(),
        i.description(),
        i.imageUrl(),
        i.price(),
        i.available(),
        stock,
        i.version(),
        i.createdAt(),
        i.updatedAt());
  }
}
