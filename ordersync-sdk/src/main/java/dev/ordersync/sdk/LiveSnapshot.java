package dev.ordersync.sdk;

import java.util.List;

/**
 * Where a live subscription starts: the restaurant's open orders (PLACED, ACCEPTED, PREPARING,
 * READY) and the feed position, or the one order followed and its version. Sent first, and again
 * after the server could not replay what was missed (replace everything shown with it).
 *
 * @param seq the order's version (order socket), or null
 * @param feedSeq the feed's position (restaurant feed), or null
 * @param orders the open orders, or the one order followed
 */
public record LiveSnapshot(Long seq, Long feedSeq, List<Order> orders) {
  public LiveSnapshot {
    orders = orders == null ? List.of() : List.copyOf(orders);
  }
}
