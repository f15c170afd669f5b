package dev.ordersync.server;

import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The stores of restaurants, menus and accounts, each write also appending its audit record (with
 * the value before and after) in the same transaction. Reads pass straight through. Order, payment
 * and security events are audited by their hooks ({@link OrderEventsToOutboxAndAudit}, {@link
 * PaymentEventsAudited}, {@link SecurityEventsAudited}); stock moves are part of the order change
 * that made them.
 */
final class Audited {
  private Audited() {}

  private static String json(Object value) {
    return value == null ? null : Json.text(value);
  }

  static Restaurants restaurants(Restaurants store, PostgresAuditTrail audit) {
    return new AuditedRestaurants(store, audit);
  }

  private static final class AuditedRestaurants implements Restaurants {
    private final Restaurants store;
    private final PostgresAuditTrail audit;

    AuditedRestaurants(Restaurants store, PostgresAuditTrail audit) {
      this.store = store;
      this.audit = audit;
    }

    @Override
    public void add(Restaurant r) {
      store.add(r);
      audit.record("RESTAURANT_CREATED", "restaurant", r.id().toString(), null, json(r));
    }

    @Override
    public Optional<Restaurant> byId(UUID id) {
      return store.byId(id);
    }

    @Override
    public void update(Restaurant r) {
      Restaurant before = store.byId(r.id()).orElse(null);
      store.update(r);
      audit.record("RESTAURANT_UPDATED", "restaurant", r.id().toString(), json(before), json(r));
    }
  }

  static Menus menus(Menus store, PostgresAuditTrail audit) {
    return new AuditedMenus(store, audit);
  }

  private static final class AuditedMenus implements Menus {
    private final Menus store;
    private final PostgresAuditTrail audit;

    AuditedMenus(Menus store, PostgresAuditTrail audit) {
      this.store = store;
      this.audit = audit;
    }

    @Override
    public void addCategory(MenuCategory c) {
      store.addCategory(c);
      audit.record("MENU_UPDATED", "menu_category", c.id().toString(), null, json(c));
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
    public void updateCategory(MenuCategory c) {
      MenuCategory before = store.category(c.restaurantId(), c.id()).orElse(null);
      store.updateCategory(c);
      audit.record("MENU_UPDATED", "menu_category", c.id().toString(), json(before), json(c));
    }

    @Override
    public boolean removeCategory(UUID restaurantId, UUID categoryId) {
      MenuCategory before = store.category(restaurantId, categoryId).orElse(null);
      boolean removed = store.removeCategory(restaurantId, categoryId);
      if (removed) {
        audit.record("MENU_UPDATED", "menu_category", categoryId.toString(), json(before), null);
      }
      return removed;
    }

    @Override
    public void addItem(MenuItem item) {
      store.addItem(item);
      audit.record("MENU_UPDATED", "menu_item", item.id().toString(), null, json(item));
    }

    @Override
    public Optional<MenuItem> item(UUID restaurantId, UUID itemId) {
      return store.item(restaurantId, itemId);
    }

    @Override
    public ForOrder forOrder(UUID restaurantId, java.util.Collection<UUID> itemIds) {
      return store.forOrder(restaurantId, itemIds);
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
      audit.record("MENU_UPDATED", "menu_item", item.id().toString(), json(before), json(item));
    }

    @Override
    public boolean removeItem(UUID restaurantId, UUID itemId) {
      MenuItem before = store.item(restaurantId, itemId).orElse(null);
      boolean removed = store.removeItem(restaurantId, itemId);
      if (removed) {
        audit.record("MENU_UPDATED", "menu_item", itemId.toString(), json(before), null);
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
      audit.record("MENU_UPDATED", "option_group", group.id().toString(), null, json(group));
    }

    @Override
    public Map<UUID, List<OptionGroup>> optionGroups(UUID restaurantId, Collection<UUID> itemIds) {
      return store.optionGroups(restaurantId, itemIds);
    }

    @Override
    public boolean removeOptionGroup(UUID restaurantId, UUID groupId) {
      boolean removed = store.removeOptionGroup(restaurantId, groupId);
      if (removed) {
        audit.record("MENU_UPDATED", "option_group", groupId.toString(), null, null);
      }
      return removed;
    }

    @Override
    public void addPriceRule(PriceRule rule) {
      store.addPriceRule(rule);
      audit.record("MENU_UPDATED", "price_rule", rule.id().toString(), null, json(rule));
    }

    @Override
    public List<PriceRule> priceRules(UUID restaurantId) {
      return store.priceRules(restaurantId);
    }

    @Override
    public boolean removePriceRule(UUID restaurantId, UUID ruleId) {
      boolean removed = store.removePriceRule(restaurantId, ruleId);
      if (removed) {
        audit.record("MENU_UPDATED", "price_rule", ruleId.toString(), null, null);
      }
      return removed;
    }
  }

  static Users users(Users store, PostgresAuditTrail audit) {
    return new AuditedUsers(store, audit);
  }

  private static final class AuditedUsers implements Users {
    private final Users store;
    private final PostgresAuditTrail audit;

    AuditedUsers(Users store, PostgresAuditTrail audit) {
      this.store = store;
      this.audit = audit;
    }

    @Override
    public void add(User user) {
      store.add(user);
      audit.record(
          "USER_REGISTERED",
          "user",
          user.id().toString(),
          null,
          json(
              Map.of(
                  "role", user.role().name(), "email", user.email().value(), "name", user.name())));
    }

    @Override
    public Optional<User> byId(UUID id) {
      return store.byId(id);
    }

    @Override
    public Optional<User> byEmail(EmailAddress email) {
      return store.byEmail(email);
    }

    @Override
    public void addMembership(Membership m) {
      Membership before = store.membership(m.userId(), m.restaurantId()).orElse(null);
      store.addMembership(m);
      audit.record(
          "STAFF_CHANGED",
          "membership",
          m.restaurantId() + "/" + m.userId(),
          json(before),
          json(m));
    }

    @Override
    public List<Membership> memberships(UUID userId) {
      return store.memberships(userId);
    }

    @Override
    public Optional<Membership> membership(UUID userId, UUID restaurantId) {
      return store.membership(userId, restaurantId);
    }

    @Override
    public List<UUID> owners(UUID restaurantId) {
      return store.owners(restaurantId);
    }

    @Override
    public List<Membership> members(UUID restaurantId) {
      return store.members(restaurantId);
    }

    @Override
    public boolean removeMembership(UUID userId, UUID restaurantId) {
      Membership before = store.membership(userId, restaurantId).orElse(null);
      boolean removed = store.removeMembership(userId, restaurantId);
      if (removed) {
        audit.record(
            "STAFF_CHANGED", "membership", restaurantId + "/" + userId, json(before), null);
      }
      return removed;
    }

    @Override
    public void changePassword(UUID userId, String passwordHash, Instant at) {
      store.changePassword(userId, passwordHash, at);
    }

    @Override
    public Optional<SecondFactor> secondFactor(UUID userId) {
      return store.secondFactor(userId);
    }

    @Override
    public void saveSecondFactorSecret(UUID userId, byte[] sealedSecret) {
      store.saveSecondFactorSecret(userId, sealedSecret);
    }

    @Override
    public void enableSecondFactor(UUID userId, long usedStep, List<byte[]> recoveryCodeHashes) {
      store.enableSecondFactor(userId, usedStep, recoveryCodeHashes);
    }

    @Override
    public void disableSecondFactor(UUID userId) {
      store.disableSecondFactor(userId);
    }

    @Override
    public boolean useTotpStep(UUID userId, long step) {
      return store.useTotpStep(userId, step);
    }

    @Override
    public boolean useRecoveryCode(UUID userId, byte[] codeHash) {
      return store.useRecoveryCode(userId, codeHash);
    }

    @Override
    public int recoveryCodesLeft(UUID userId) {
      return store.recoveryCodesLeft(userId);
    }

    @Override
    public void erase(UUID userId, Instant at) {
      store.erase(userId, at);
    }
  }
}
