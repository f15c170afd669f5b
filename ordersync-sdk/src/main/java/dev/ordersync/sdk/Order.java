package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order. The server prices it; amounts are whole won.
 *
 * @param number the short number called out at the counter, such as {@code A-042}
 * @param version grows by one with every change; send it back with {@link
 *     RequestOptions.Builder#ifMatchVersion(long)}
 * @param table the table for dine-in, or null
 * @param note the customer's note to the kitchen, or null
 * @param customer may be null
 * @param prepMinutes the preparation time promised on acceptance, or null before
 * @param readyBy when it should be ready, or null before acceptance
 * @param reason why it was rejected or canceled, or null
 * @param orderToken only in the answer to placing an anonymous order: the credential with which its
 *     customer reads and tracks it ({@link RequestOptions#accessToken(String)}). Keep it; it is
 *     never shown again. Not printed by {@link #toString()}.
 */
public record Order(
    UUID id,
    String number,
    UUID restaurantId,
    OrderStatus status,
    long version,
    Fulfillment fulfillment,
    String table,
    String note,
    Customer customer,
    List<OrderLine> items,
    long subtotal,
    long discount,
    long total,
    Integer prepMinutes,
    Instant readyBy,
    String reason,
    Instant createdAt,
    Instant updatedAt,
    String orderToken) {
  public Order {
    items = items == null ? List.of() : List.copyOf(items);
  }

  @Override
  public String toString() {
    return "Order[id="
        + id
        + ", number="
        + number
        + ", status="
        + status
        + ", version="
        + version
        + ", total="
        + total
        + ", items="
        + items
        + (orderToken == null ? "" : ", orderToken=<redacted>")
        + "]";
  }
}
