package dev.ordersync.sdk;

import java.time.Duration;

/**
 * Receives a restaurant's public live menu ({@link LiveResource#menu}): availability and price
 * changes only, never stock counts. There is no resume: on {@link #onReady()}, first and after
 * every reconnect, read the menu ({@link RestaurantsResource#menu}) and apply the changes that
 * follow.
 */
public interface MenuLiveListener {
  /** The socket is subscribed: read the menu now (what changed while away is in it). */
  void onReady();

  /** An item's availability, sold-out state or current price may have changed. */
  default void onItemChanged(LiveMenuItem item) {}

  /** The menu's shape changed (an item or category added, removed, renamed...): read it again. */
  default void onMenuChanged() {}

  /** The connection dropped and will be opened again in {@code reconnectIn}. */
  default void onDisconnected(int closeCode, String reason, Duration reconnectIn) {}

  /** Stopped for good: {@link NotFoundException} for an unknown restaurant (4404). */
  default void onFailure(OrderSyncException error) {}

  /**
   * What the public menu shows of an item after a change.
   *
   * @param price the price now, after price rules, in won
   * @param basePrice its own price, in won
   */
  record LiveMenuItem(
      java.util.UUID id, boolean available, boolean soldOut, long price, long basePrice) {}
}
