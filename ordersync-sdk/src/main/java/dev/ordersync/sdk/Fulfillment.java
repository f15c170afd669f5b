package dev.ordersync.sdk;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Eaten in the restaurant or taken away; {@code UNKNOWN} is a kind newer than this SDK (never send
 * it).
 */
public enum Fulfillment {
  DINE_IN,
  TAKEOUT,
  @JsonEnumDefaultValue
  UNKNOWN
}
