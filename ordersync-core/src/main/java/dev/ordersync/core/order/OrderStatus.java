package dev.ordersync.core.order;

/** Where an order is in its life. The terminal ones end it. */
public enum OrderStatus {
  AWAITING_PAYMENT,
  PLACED,
  ACCEPTED,
  PREPARING,
  READY,
  COMPLETED,
  REJECTED,
  CANCELED,
  EXPIRED;

  public boolean terminal() {
    return this == COMPLETED || this == REJECTED || this == CANCELED || this == EXPIRED;
  }

  public static OrderStatus parse(String text) {
    for (OrderStatus s : values()) {
      if (s.name().equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown order status: " + text);
  }
}
