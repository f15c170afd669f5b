package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.DomainException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Reads a restaurant's menu as customers see it: categories in order, every listed item with its availability. */
public final class GetMenu {
  private final Restaurants restaurants;
  private final Menus menus;

  public GetMenu(Restaurants restaurants, Menus menus) {
    this.restaurants = restaurants;
    this.menus = menus;
  }

  public record Menu(UUID restaurantId, List<MenuCategory> categories, List<MenuItem> items) {}

  public Menu handle(UUID restaurantId) {
    if (restaurants.byId(restaurantId).isEmpty()) {
      throw new DomainException.NotFound("restaurant");
    }
    List<MenuCategory> categories =
        menus.categories(restaurantId).stream()
            .sorted(Comparator.comparingInt(MenuCategory::position).thenComparing(MenuCategory::name))
            .toList();
    List<MenuItem> items =
        menus.items(restaurantId).stream().sorted(Comparator.comparing(MenuItem::name)).toList();
    return new Menu(restaurantId, categories, items);
  }
}
