package dev.ordersync.sdk;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * How a restaurant's customers pay: at the counter (orders start PLACED) or online first (orders
 * start AWAITING_PAYMENT). {@code UNKNOWN} is a mode newer than this SDK (never send it).
 */
public enum PaymentMode {
  AT_COUNTER,
  ONLINE,
  @JsonEnumDefaultValue
  UNKNOWN
}
