package dev.ordersync.sdk;

import java.util.List;
import java.util.UUID;

/** A restaurant's menu as customers see it: categories in order, and every listed item. */
public record Menu(UUID restaurantId, List<MenuCategory> categories, List<MenuItem> items) {
  public Menu {
    categories = categories == null ? List.of() : List.copyOf(categories);
    items = items == null ? List.of() : List.copyOf(items);
  }
}
