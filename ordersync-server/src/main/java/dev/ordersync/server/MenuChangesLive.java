package dev.ordersync.server;

import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.menu.Pricing;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.MenuViews.LiveItemChange;
import dev.ordersync.server.live.EventBus;
import dev.ordersync.server.live.MenuEvent;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresMenus;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Menu changes to the live menu sockets of every instance: each write through the menu store (and
 * each order that takes an item's stock to 0 or gives some back) is published on the event bus once
 * its transaction has committed, never before. What is published is what the public menu shows:
 * {@code menu.item_changed} with an item's availability, sold-out state and prices now, or {@code
 * menu.changed} when the menu's structure changed and clients should read it again. Stock counts
 * that change without changing the sold-out state are not published.
 *
 * <p>Item messages are built after the commit, from a fresh read, on one thread of their own (so
 * they go out in commit order and an order's commit never waits for them); repeats of the same
 * change that are still waiting are sent once.
 */
final class MenuChangesLive {
  private static final Logger LOG = Logger.getLogger(MenuChangesLive.class.getName());
  private static final String CHANGED = "{\"type\":\"menu.changed\"}";

  private final JdbcTransactions tx;
  private final Menus reads;
  private final Restaurants restaurants;
  private final EventBus bus;
  private final Clock clock;
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          0,
          1,
          10,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(10_000),
          Thread.ofVirtual().name("ordersync-menu-live").factory(),
          new ThreadPoolExecutor.DiscardPolicy());
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private final ItemChanges itemChanges;

  /** Told in the change's unit of work of each item the owner made, changed or removed. */
  @FunctionalInterface
  interface ItemChanges {
    void changed(MenuItem item, boolean removed);
  }

  MenuChangesLive(
      JdbcTransactions tx, Menus reads, Restaurants restaurants, EventBus bus, Clock clock) {
    this(tx, reads, restaurants, bus, clock, (item, removed) -> {});
  }

  MenuChangesLive(
      JdbcTransactions tx,
      Menus reads,
      Restaurants restaurants,
      EventBus bus,
      Clock clock,
      ItemChanges itemChanges) {
    this.itemChanges = itemChanges;
    this.tx = tx;
    this.reads = reads;
    this.restaurants = restaurants;
    this.bus = bus;
    this.clock = clock;
  }

  /** The store {@code store}, each write also published once committed. */
  Menus publishing(Menus store) {
    return new PublishedMenus(store);
  }

  /** For {@link PostgresMenus}: stock that reached or left 0 through an order. */
  PostgresMenus.SoldOutTurned soldOutTurned() {
    return (restaurantId, itemId) -> itemsChanged(restaurantId, List.of(itemId));
  }

  /** The restaurant's menu changed shape: its followers read it again. */
  void structureChanged(UUID restaurantId) {
    tx.afterCommit(
        () ->
            later(
                "s:" + restaurantId, () -> bus.publishMenu(new MenuEvent(restaurantId, CHANGED))));
  }

  /** The availability or price of these items may have changed. */
  void itemsChanged(UUID restaurantId, Collection<UUID> itemIds) {
    if (itemIds.isEmpty()) {
      return;
    }
    List<UUID> ids = List.copyOf(itemIds);
    tx.afterCommit(
        () -> later("i:" + restaurantId + ":" + ids, () -> publishItems(restaurantId, ids)));
  }

  private void later(String key, Runnable task) {
    if (!waiting.add(key)) {
      return;
    }
    sender.execute(
        () -> {
          waiting.remove(key);
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish a menu change", e);
          }
        });
  }

  private void publishItems(UUID restaurantId, List<UUID> ids) {
    record Read(Restaurant restaurant, Map<UUID, MenuItem> items, List<PriceRule> rules) {}
    Read read =
        tx.run(
            () ->
                new Read(
                    restaurants.byId(restaurantId).orElse(null),
                    reads.items(restaurantId, ids),
                    reads.priceRules(restaurantId)));
    if (read.restaurant() == null) {
      return;
    }
    var now = clock.instant();
    for (MenuItem item : read.items().values()) {
      Pricing.Priced p = Pricing.price(item, read.rules(), now, read.restaurant().timeZone());
      bus.publishMenu(new MenuEvent(restaurantId, Json.text(LiveItemChange.of(item, p))));
    }
  }

  /** Menus whose writes are published after commit. */
  private final class PublishedMenus implements Menus {
    private final Menus store;

    PublishedMenus(Menus store) {
      this.store = store;
    }

    @Override
    public void addCategory(MenuCategory category) {
      store.addCategory(category);
      structureChanged(category.restaurantId());
    }

    @Override
    public Optional<MenuCategory> category(UUID restaurantId, UUID categoryId) {
      return store.category(restaurantId, categoryId);
    }

    @Override
    public List<MenuCategory> categories(UUID restaurantId) {
      return store.categories(restaurantId);
    }

    @Override
    public void updateCategory(MenuCategory category) {
      store.updateCategory(category);
      structureChanged(category.restaurantId());
    }

    @Override
    public boolean removeCategory(UUID restaurantId, UUID categoryId) {
      boolean removed = store.removeCategory(restaurantId, categoryId);
      if (removed) {
        structureChanged(restaurantId);
      }
      return removed;
    }

    @Override
    public void addItem(MenuItem item) {
      store.addItem(item);
      structureChanged(item.restaurantId());
      itemChanges.changed(item, false);
    }

    @Override
    public Optional<MenuItem> item(UUID restaurantId, UUID itemId) {
      return store.item(restaurantId, itemId);
    }

    @Override
    public List<MenuItem> items(UUID restaurantId) {
      return store.items(restaurantId);
    }

    @Override
    public Map<UUID, MenuItem> items(UUID restaurantId, Collection<UUID> ids) {
      return store.items(restaurantId, ids);
    }

    @Override
    public void updateItem(MenuItem item) {
      MenuItem before = store.item(item.restaurantId(), item.id()).orElse(null);
      store.updateItem(item);
      itemChanges.changed(item, false);
      if (before == null
          || !Objects.equals(before.name(), item.name())
          || !Objects.equals(before.description(), item.description())
          || !Objects.equals(before.imageUrl(), item.imageUrl())
          || !Objects.equals(before.categoryId(), item.categoryId())) {
        // what customers read changed (and a new category may bring other price rules)
        structureChanged(item.restaurantId());
      } else if (before.available() != item.available()
          || before.soldOut() != item.soldOut()
          || !before.price().equals(item.price())) {
        itemsChanged(item.restaurantId(), List.of(item.id()));
      }
    }

    @Override
    public boolean removeItem(UUID restaurantId, UUID itemId) {
      MenuItem before = store.item(restaurantId, itemId).orElse(null);
      boolean removed = store.removeItem(restaurantId, itemId);
      if (removed) {
        structureChanged(restaurantId);
        if (before != null) {
          itemChanges.changed(before, true);
        }
      }
      return removed;
    }

    @Override
    public boolean reserveStock(UUID restaurantId, UUID itemId, int quantity) {
      return store.reserveStock(restaurantId, itemId, quantity);
    }

    @Override
    public void releaseStock(UUID restaurantId, UUID itemId, int quantity) {
      store.releaseStock(restaurantId, itemId, quantity);
    }

    @Override
    public void addOptionGroup(OptionGroup group) {
      store.addOptionGroup(group);
      structureChanged(group.restaurantId());
    }

    @Override
    public Map<UUID, List<OptionGroup>> optionGroups(UUID restaurantId, Collection<UUID> itemIds) {
      return store.optionGroups(restaurantId, itemIds);
    }

    @Override
    public boolean removeOptionGroup(UUID restaurantId, UUID groupId) {
      boolean removed = store.removeOptionGroup(restaurantId, groupId);
      if (removed) {
        structureChanged(restaurantId);
      }
      return removed;
    }

    @Override
    public void addPriceRule(PriceRule rule) {
      store.addPriceRule(rule);
      itemsChanged(rule.restaurantId(), covered(rule.restaurantId(), rule));
    }

    @Override
    public List<PriceRule> priceRules(UUID restaurantId) {
      return store.priceRules(restaurantId);
    }

    @Override
    public boolean removePriceRule(UUID restaurantId, UUID ruleId) {
      PriceRule rule =
          store.priceRules(restaurantId).stream()
              .filter(r -> r.id().equals(ruleId))
              .findFirst()
              .orElse(null);
      boolean removed = store.removePriceRule(restaurantId, ruleId);
      if (removed && rule != null) {
        itemsChanged(restaurantId, covered(restaurantId, rule));
      }
      return removed;
    }

    /** The listed items a rule covers: whose price it may set (now or later). */
    private List<UUID> covered(UUID restaurantId, PriceRule rule) {
      return store.items(restaurantId).stream().filter(rule::covers).map(MenuItem::id).toList();
    }

    @Override
    public ForOrder forOrder(UUID restaurantId, Collection<UUID> itemIds) {
      return store.forOrder(restaurantId, itemIds);
    }
  }
}
