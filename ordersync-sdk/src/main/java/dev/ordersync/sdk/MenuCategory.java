package dev.ordersync.sdk;

import java.util.UUID;

/**
 * A heading on the menu ("Noodles", "Drinks"); categories are shown by {@code position}, smallest
 * first.
 */
public record MenuCategory(UUID id, String name, int position) {}
