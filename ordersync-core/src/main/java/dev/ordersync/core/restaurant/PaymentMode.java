package dev.ordersync.core.restaurant;

/**
 * How a restaurant's customers pay: at the counter (orders start PLACED) or online first (orders
 * start AWAITING_PAYMENT).
 */
public enum PaymentMode {
  AT_COUNTER,
  ONLINE
}
