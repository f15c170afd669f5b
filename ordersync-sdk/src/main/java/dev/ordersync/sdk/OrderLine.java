package dev.ordersync.sdk;

import java.util.UUID;

/**
 * One line of an order as the server priced it when the order was placed; later menu changes never
 * alter it.
 *
 * @param unitPrice in won
 * @param lineTotal in won: {@code unitPrice * quantity}
 */
public record OrderLine(
    UUID menuItemId, String name, long unitPrice, int quantity, long lineTotal) {}
