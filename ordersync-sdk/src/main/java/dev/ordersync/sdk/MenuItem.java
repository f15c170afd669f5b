package dev.ordersync.sdk;

import java.util.UUID;

/**
 * Something a customer can order.
 *
 * @param categoryId may be null
 * @param description may be null
 * @param price in won
 * @param stock how many are left, or null when the restaurant does not count this item
 * @param soldOut true when the stock is counted and none is left
 */
public record MenuItem(
    UUID id,
    UUID categoryId,
    String name,
    String description,
    long price,
    boolean available,
    Integer stock,
    boolean soldOut,
    long version) {}
