package dev.ordersync.core.order;

import dev.ordersync.core.shared.PhoneNumber;
import java.util.UUID;

/**
 * Who ordered. Every field may be null: an anonymous customer need not give a name or phone.
 *
 * @param userId the account that placed the order, or null for an anonymous order
 */
public record Customer(UUID userId, String name, PhoneNumber phone) {
  public boolean anonymous() {
    return userId == null;
  }
}
