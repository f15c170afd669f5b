package dev.ordersync.core.order;

import java.time.LocalDate;
import java.util.UUID;

/** Hands out each restaurant's daily order sequence: 1, 2, 3... starting again every day. */
public interface OrderNumbers {
  int next(UUID restaurantId, LocalDate day);
}
