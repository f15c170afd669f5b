package dev.ordersync.core.menu;

import java.util.UUID;

/**
 * A heading on the menu ("Noodles", "Drinks"); {@code position} orders categories, smallest first.
 */
public record MenuCategory(UUID id, UUID restaurantId, String name, int position) {}
