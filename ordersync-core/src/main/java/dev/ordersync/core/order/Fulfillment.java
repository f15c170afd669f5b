package dev.ordersync.core.order;

/** Eaten in the restaurant or taken away. */
public enum Fulfillment {
  DINE_IN,
  TAKEOUT
}
