package dev.ordersync.core.order;

import dev.ordersync.core.shared.PhoneNumber;
import java.util.UUID;

/**
 * Who ordered. Every field may be null: an anonymous customer need not give a name or phone.
 *
 * @param userId the account that placed the order, or null for an anonymous order
 * @param smsConsent whether the customer agreed to text messages about this order at {@code phone};
 *     never true without a phone (erasing the phone withdraws it)
 */
public record Customer(UUID userId, String name, PhoneNumber phone, boolean smsConsent) {
  public Customer {
    smsConsent = smsConsent && phone != null;
  }

  /** A customer who did not agree to text messages. */
  public Customer(UUID userId, String name, PhoneNumber phone) {
    this(userId, name, phone, false);
  }

  public boolean anonymous() {
    return userId == null;
  }

  /** Whether this customer may be sent text messages about their order. */
  public boolean textable() {
    return smsConsent && phone != null;
  }
}
