package dev.ordersync.server.json;

import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.menu.Pricing;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A menu as customers and owners see it: categories, items at today's price, option groups and
 * price rules. Each {@code of} method is the only place its domain object becomes JSON.
 */
public final class MenuViews {
  private MenuViews() {}

  public record CategoryView(UUID id, String name, int position) {
    public static CategoryView of(MenuCategory c) {
      return new CategoryView(c.id(), c.name(), c.position());
    }
  }

  public record OptionView(UUID id, String name, long priceDelta, boolean available) {}

  public record OptionGroupView(
      UUID id, UUID itemId, String name, int min, int max, List<OptionView> options) {
    public static OptionGroupView of(OptionGroup g) {
      return new OptionGroupView(
          g.id(),
          g.itemId(),
          g.name(),
          g.minChoices(),
          g.maxChoices(),
          g.options().stream()
              .map(o -> new OptionView(o.id(), o.name(), o.priceDelta(), o.available()))
              .toList());
    }
  }

  public record RuleRef(UUID id, String name) {}

  /**
   * A menu item; {@code price} is what it costs now (after price rules), {@code base_price} its own
   * price.
   */
  public record ItemView(
      UUID id,
      UUID categoryId,
      String name,
      String description,
      String imageUrl,
      long price,
      long basePrice,
      RuleRef priceRule,
      boolean available,
      Integer stock,
      boolean soldOut,
      List<OptionGroupView> optionGroups,
      long version,
      Instant updatedAt) {
    public static ItemView of(MenuItem i) {
      return new ItemView(
          i.id(),
          i.categoryId(),
          i.name(),
          i.description(),
          i.imageUrl(),
          i.price().amount(),
          i.price().amount(),
          null,
          i.available(),
          i.stock(),
          i.soldOut(),
          List.of(),
          i.version(),
          i.updatedAt());
    }

    static ItemView of(GetMenu.Entry e) {
      MenuItem i = e.item();
      return new ItemView(
          i.id(),
          i.categoryId(),
          i.name(),
          i.description(),
          i.imageUrl(),
          e.price().price().amount(),
          e.price().base().amount(),
          e.price().rule() == null
              ? null
              : new RuleRef(e.price().rule().id(), e.price().rule().name()),
          i.available(),
          i.stock(),
          i.soldOut(),
          e.optionGroups().stream().map(OptionGroupView::of).toList(),
          i.version(),
          i.updatedAt());
    }
  }

  public record PriceRuleView(
      UUID id,
      String name,
      String kind,
      long value,
      List<String> days,
      String from,
      String to,
      int priority,
      List<UUID> itemIds,
      List<UUID> categoryIds) {
    public static PriceRuleView of(PriceRule r) {
      return new PriceRuleView(
          r.id(),
          r.name(),
          r.kind().name(),
          r.value(),
          r.days().stream().sorted().map(Enum::name).toList(),
          r.from().toString(),
          r.to().toString(),
          r.priority(),
          r.itemIds().stream().sorted().toList(),
          r.categoryIds().stream().sorted().toList());
    }
  }

  /**
   * The public menu; {@code next_price_change_at} is when a price rule's window next starts or ends
   * and changes a price shown (null: not within eight days), the moment to read the menu again.
   */
  public record MenuView(
      UUID restaurantId,
      List<CategoryView> categories,
      List<ItemView> items,
      Instant nextPriceChangeAt) {
    public static MenuView of(GetMenu.Menu m) {
      return new MenuView(
          m.restaurantId(),
          m.categories().stream().map(CategoryView::of).toList(),
          m.items().stream().map(ItemView::of).toList(),
          m.nextPriceChangeAt());
    }
  }

  /** The back office's menu: the public one with the price rules. */
  public record OwnMenuView(
      UUID restaurantId,
      List<CategoryView> categories,
      List<ItemView> items,
      List<PriceRuleView> priceRules,
      Instant nextPriceChangeAt) {
    public static OwnMenuView of(GetMenu.Menu m) {
      return new OwnMenuView(
          m.restaurantId(),
          m.categories().stream().map(CategoryView::of).toList(),
          m.items().stream().map(ItemView::of).toList(),
          m.rules().stream().map(PriceRuleView::of).toList(),
          m.nextPriceChangeAt());
    }
  }

  /**
   * One item's change on the public live menu socket ({@code menu.item_changed}): what the public
   * menu shows of it, never its stock count.
   */
  public record LiveItemChange(String type, LiveItem item) {
    public record LiveItem(
        UUID id, boolean available, boolean soldOut, long price, long basePrice) {}

    public static LiveItemChange of(MenuItem i, Pricing.Priced p) {
      return new LiveItemChange(
          "menu.item_changed",
          new LiveItem(i.id(), i.available(), i.soldOut(), p.price().amount(), p.base().amount()));
    }
  }
}
