package dev.ordersync.server.postgres;

import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Won;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Menus in PostgreSQL. Removing an item stamps {@code removed_at}; the row stays for history. */
public final class PostgresMenus implements Menus {
  private static final String ITEM_COLUMNS =
      "id, restaurant_id, category_id, name, description, price, available, stock, version, created_at, updated_at, image_url";
  private final JdbcTransactions tx;

  public PostgresMenus(JdbcTransactions tx) {
    this(tx, (restaurantId, itemId) -> {});
  }

  /**
   * @param soldOutTurned told, inside the transaction, when an order's reservation takes a counted
   *     item's stock to 0 or a release gives stock back to an item at 0: its sold-out state changed
   *     without any write to the item itself
   */
  public PostgresMenus(JdbcTransactions tx, SoldOutTurned soldOutTurned) {
    this.tx = tx;
    this.soldOutTurned = soldOutTurned;
  }

  /** Hears of stock that reached 0 or came back from 0 through orders. */
  @FunctionalInterface
  public interface SoldOutTurned {
    void changed(UUID restaurantId, UUID itemId);
  }

  private final SoldOutTurned soldOutTurned;

  @Override
  public void updateCategory(MenuCategory category) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE menu_categories SET name = ?, position = ? WHERE id = ? AND restaurant_id = ?")) {
            ps.setString(1, category.name());
            ps.setInt(2, category.position());
            ps.setObject(3, category.id());
            ps.setObject(4, category.restaurantId());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean removeCategory(UUID restaurantId, UUID categoryId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE menu_items SET category_id = NULL,"
                      + " version = CASE WHEN removed_at IS NULL THEN version + 1 ELSE version END,"
                      + " updated_at = CASE WHEN removed_at IS NULL THEN now() ELSE updated_at END"
                      + " WHERE category_id = ? AND restaurant_id = ?")) {
            ps.setObject(1, categoryId);
            ps.setObject(2, restaurantId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM menu_categories WHERE id = ? AND restaurant_id = ?")) {
            ps.setObject(1, categoryId);
            ps.setObject(2, restaurantId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void addCategory(MenuCategory category) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO menu_categories (id, restaurant_id, name, position) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, category.id());
            ps.setObject(2, category.restaurantId());
            ps.setString(3, category.name());
            ps.setInt(4, category.position());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<MenuCategory> category(UUID restaurantId, UUID categoryId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM menu_categories WHERE id = ? AND restaurant_id = ?")) {
            ps.setObject(1, categoryId);
            ps.setObject(2, restaurantId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(category(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<MenuCategory> categories(UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM menu_categories WHERE restaurant_id = ? ORDER BY position, name")) {
            ps.setObject(1, restaurantId);
            List<MenuCategory> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                found.add(category(rs));
              }
            }
            return found;
          }
        });
  }

  private static MenuCategory category(ResultSet rs) throws SQLException {
    return new MenuCategory(
        Rows.uuid(rs, "id"),
        Rows.uuid(rs, "restaurant_id"),
        rs.getString("name"),
        rs.getInt("position"));
  }

  @Override
  public void addItem(MenuItem item) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO menu_items ("
                      + ITEM_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, item.id());
            ps.setObject(2, item.restaurantId());
            ps.setObject(3, item.categoryId());
            ps.setString(4, item.name());
            ps.setString(5, item.description());
            ps.setLong(6, item.price().amount());
            ps.setBoolean(7, item.available());
            Rows.set(ps, 8, item.stock());
            ps.setLong(9, item.version());
            Rows.set(ps, 10, item.createdAt());
            Rows.set(ps, 11, item.updatedAt());
            ps.setString(12, item.imageUrl());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<MenuItem> item(UUID restaurantId, UUID itemId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + ITEM_COLUMNS
                      + " FROM menu_items WHERE id = ? AND restaurant_id = ? AND removed_at IS NULL")) {
            ps.setObject(1, itemId);
            ps.setObject(2, restaurantId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<MenuItem> items(UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + ITEM_COLUMNS
                      + " FROM menu_items WHERE restaurant_id = ? AND removed_at IS NULL ORDER BY name, id")) {
            ps.setObject(1, restaurantId);
            return items(ps);
          }
        });
  }

  @Override
  public Map<UUID, MenuItem> items(UUID restaurantId, Collection<UUID> ids) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(ITEMS_BY_ID)) {
            ps.setObject(1, restaurantId);
            ps.setArray(2, c.createArrayOf("uuid", ids.stream().distinct().toArray()));
            Map<UUID, MenuItem> found = new HashMap<>();
            for (MenuItem item : items(ps)) {
              found.put(item.id(), item);
            }
            return found;
          }
        });
  }

  private static final String ITEMS_BY_ID =
      "SELECT "
          + ITEM_COLUMNS
          + " FROM menu_items WHERE restaurant_id = ? AND id = ANY(?) AND removed_at IS NULL";

  private static List<MenuItem> items(PreparedStatement ps) throws SQLException {
    List<MenuItem> found = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        found.add(item(rs));
      }
    }
    return found;
  }

  private static MenuItem item(ResultSet rs) throws SQLException {
    return new MenuItem(
        Rows.uuid(rs, "id"),
        Rows.uuid(rs, "restaurant_id"),
        Rows.uuid(rs, "category_id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("image_url"),
        Won.of(rs.getLong("price")),
        rs.getBoolean("available"),
        Rows.nullableInt(rs, "stock"),
        rs.getLong("version"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"));
  }

  @Override
  public void updateItem(MenuItem item) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE menu_items SET category_id = ?, name = ?, description = ?, price = ?, available = ?,"
                      + " stock = ?, version = ?, updated_at = ?, image_url = ?"
                      + " WHERE id = ? AND version = ? AND removed_at IS NULL")) {
            ps.setObject(1, item.categoryId());
            ps.setString(2, item.name());
            ps.setString(3, item.description());
            ps.setLong(4, item.price().amount());
            ps.setBoolean(5, item.available());
            Rows.set(ps, 6, item.stock());
            ps.setLong(7, item.version());
            Rows.set(ps, 8, item.updatedAt());
            ps.setString(9, item.imageUrl());
            ps.setObject(10, item.id());
            ps.setLong(11, item.version() - 1);
            if (ps.executeUpdate() != 1) {
              throw new DomainException.Conflict(
                  "version_conflict", "the menu item was changed meanwhile");
            }
          }
          return null;
        });
  }

  @Override
  public boolean removeItem(UUID restaurantId, UUID itemId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE menu_items SET removed_at = ?, version = version + 1"
                      + " WHERE id = ? AND restaurant_id = ? AND removed_at IS NULL")) {
            ps.setObject(1, Instant.now().atOffset(ZoneOffset.UTC));
            ps.setObject(2, itemId);
            ps.setObject(3, restaurantId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean reserveStock(UUID restaurantId, UUID itemId, int quantity) {
    // One statement: the row lock PostgreSQL takes for the UPDATE makes concurrent reservations
    // queue, and the
    // condition is re-checked on the latest row version, so stock can never go below zero.
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE menu_items SET stock = stock - ? WHERE restaurant_id = ? AND id = ?"
                      + " AND stock IS NOT NULL AND stock >= ? RETURNING restaurant_id, stock")) {
            ps.setInt(1, quantity);
            ps.setObject(2, restaurantId);
            ps.setObject(3, itemId);
            ps.setInt(4, quantity);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                if (rs.getInt(2) == 0) {
                  soldOutTurned.changed(rs.getObject(1, UUID.class), itemId);
                }
                return true;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT stock IS NULL FROM menu_items WHERE restaurant_id = ? AND id = ?")) {
            ps.setObject(1, restaurantId);
            ps.setObject(2, itemId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          }
        });
  }

  @Override
  public void releaseStock(UUID restaurantId, UUID itemId, int quantity) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE menu_items SET stock = LEAST(stock + ?, "
                      + MenuItem.MAX_STOCK
                      + ")"
                      + " WHERE restaurant_id = ? AND id = ? AND stock IS NOT NULL"
                      + " RETURNING restaurant_id, stock")) {
            ps.setInt(1, quantity);
            ps.setObject(2, restaurantId);
            ps.setObject(3, itemId);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next() && quantity > 0 && rs.getInt(2) <= quantity) {
                // it was at 0 (or at most what came back): no longer sold out
                soldOutTurned.changed(rs.getObject(1, UUID.class), itemId);
              }
            }
          }
          return null;
        });
  }

  @Override
  public void addOptionGroup(OptionGroup g) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO option_groups (id, restaurant_id, item_id, name, min_choices, max_choices, position, options)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setObject(1, g.id());
            ps.setObject(2, g.restaurantId());
            ps.setObject(3, g.itemId());
            ps.setString(4, g.name());
            ps.setInt(5, g.minChoices());
            ps.setInt(6, g.maxChoices());
            ps.setInt(7, g.position());
            ps.setString(8, JsonColumns.options(g.options()));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Map<UUID, List<OptionGroup>> optionGroups(UUID restaurantId, Collection<UUID> itemIds) {
    if (itemIds.isEmpty()) {
      return Map.of();
    }
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(OPTION_GROUPS_OF_ITEMS)) {
            ps.setObject(1, restaurantId);
            ps.setArray(2, c.createArrayOf("uuid", itemIds.stream().distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              return optionGroups(rs);
            }
          }
        });
  }

  private static final String OPTION_GROUPS_OF_ITEMS =
      "SELECT * FROM option_groups WHERE restaurant_id = ? AND item_id = ANY(?) ORDER BY item_id, position";

  private static Map<UUID, List<OptionGroup>> optionGroups(ResultSet rs) throws SQLException {
    Map<UUID, List<OptionGroup>> found = new HashMap<>();
    while (rs.next()) {
      OptionGroup g =
          new OptionGroup(
              Rows.uuid(rs, "id"),
              Rows.uuid(rs, "restaurant_id"),
              Rows.uuid(rs, "item_id"),
              rs.getString("name"),
              rs.getInt("min_choices"),
              rs.getInt("max_choices"),
              rs.getInt("position"),
              JsonColumns.options(rs.getString("options")));
      found.computeIfAbsent(g.itemId(), k -> new ArrayList<>()).add(g);
    }
    return found;
  }

  /**
   * The three reads of an order's pricing sent as one multi-statement query: the driver sends all
   * three before it waits (one round trip instead of three) and each keeps its own result.
   */
  @Override
  public ForOrder forOrder(UUID restaurantId, Collection<UUID> itemIds) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  ITEMS_BY_ID + "; " + OPTION_GROUPS_OF_ITEMS + "; " + PRICE_RULES)) {
            java.sql.Array ids = c.createArrayOf("uuid", itemIds.stream().distinct().toArray());
            ps.setObject(1, restaurantId);
            ps.setArray(2, ids);
            ps.setObject(3, restaurantId);
            ps.setArray(4, ids);
            ps.setObject(5, restaurantId);
            if (!ps.execute()) {
              throw new SQLException("the menu reads of an order returned no rows");
            }
            Map<UUID, MenuItem> items = new HashMap<>();
            try (ResultSet rs = ps.getResultSet()) {
              while (rs.next()) {
                MenuItem item = item(rs);
                items.put(item.id(), item);
              }
            }
            if (!ps.getMoreResults()) {
              throw new SQLException("the option groups of an order's items were not returned");
            }
            Map<UUID, List<OptionGroup>> groups;
            try (ResultSet rs = ps.getResultSet()) {
              groups = optionGroups(rs);
            }
            // Only the groups of the items found, as optionGroups(restaurant, items found) would
            // return.
            groups.keySet().retainAll(items.keySet());
            if (!ps.getMoreResults()) {
              throw new SQLException("the price rules of an order's restaurant were not returned");
            }
            try (ResultSet rs = ps.getResultSet()) {
              return new ForOrder(items, groups, priceRules(rs));
            }
          }
        });
  }

  @Override
  public boolean removeOptionGroup(UUID restaurantId, UUID groupId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM option_groups WHERE id = ? AND restaurant_id = ?")) {
            ps.setObject(1, groupId);
            ps.setObject(2, restaurantId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void addPriceRule(PriceRule r) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO price_rules (id, restaurant_id, name, kind, value, days, from_time, to_time, priority,"
                      + " item_ids, category_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, r.id());
            ps.setObject(2, r.restaurantId());
            ps.setString(3, r.name());
            ps.setString(4, r.kind().name());
            ps.setLong(5, r.value());
            ps.setArray(
                6, c.createArrayOf("text", r.days().stream().map(Enum::name).sorted().toArray()));
            ps.setObject(7, r.from());
            ps.setObject(8, r.to());
            ps.setInt(9, r.priority());
            ps.setArray(10, c.createArrayOf("uuid", r.itemIds().toArray()));
            ps.setArray(11, c.createArrayOf("uuid", r.categoryIds().toArray()));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public List<PriceRule> priceRules(UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(PRICE_RULES)) {
            ps.setObject(1, restaurantId);
            try (ResultSet rs = ps.executeQuery()) {
              return priceRules(rs);
            }
          }
        });
  }

  private static final String PRICE_RULES =
      "SELECT * FROM price_rules WHERE restaurant_id = ? ORDER BY priority DESC, id";

  private static List<PriceRule> priceRules(ResultSet rs) throws SQLException {
    List<PriceRule> found = new ArrayList<>();
    while (rs.next()) {
      Set<java.time.DayOfWeek> days = new HashSet<>();
      for (String d : (String[]) rs.getArray("days").getArray()) {
        days.add(java.time.DayOfWeek.valueOf(d));
      }
      found.add(
          new PriceRule(
              Rows.uuid(rs, "id"),
              Rows.uuid(rs, "restaurant_id"),
              rs.getString("name"),
              PriceRule.Kind.valueOf(rs.getString("kind")),
              rs.getLong("value"),
              days,
              rs.getObject("from_time", java.time.LocalTime.class),
              rs.getObject("to_time", java.time.LocalTime.class),
              rs.getInt("priority"),
              Set.of((UUID[]) rs.getArray("item_ids").getArray()),
              Set.of((UUID[]) rs.getArray("category_ids").getArray())));
    }
    return found;
  }

  @Override
  public boolean removePriceRule(UUID restaurantId, UUID ruleId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM price_rules WHERE id = ? AND restaurant_id = ?")) {
            ps.setObject(1, ruleId);
            ps.setObject(2, restaurantId);
            return ps.executeUpdate() == 1;
          }
        });
  }
}
