package dev.ordersync.core.shared;

import java.util.List;

/** One page of a list, with the cursor of the next page or null when this is the last. */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
