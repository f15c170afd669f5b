package dev.ordersync.server.live;

import java.util.UUID;

/**
 * A committed change of a restaurant's public menu, as the live menu sockets send it: {@code
 * menu.item_changed} (one item's availability or price) or {@code menu.changed} (refetch). No
 * position and no log: a client that missed one refetches the menu when it reconnects.
 *
 * @param message the socket message, a JSON object with its {@code type}; never anything that the
 *     public menu does not show, and never a stock count
 */
public record MenuEvent(UUID restaurantId, String message) {}
