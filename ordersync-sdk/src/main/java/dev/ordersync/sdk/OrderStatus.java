package dev.ordersync.sdk;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Where an order is in its life: {@code AWAITING_PAYMENT -> PLACED -> ACCEPTED -> PREPARING ->
 * READY -> COMPLETED}, or it ends REJECTED, CANCELED or EXPIRED. {@code UNKNOWN} stands for a
 * status newer than this SDK, so an older client keeps working when the server learns a new one.
 */
public enum OrderStatus {
  AWAITING_PAYMENT,
  PLACED,
  ACCEPTED,
  PREPARING,
  READY,
  COMPLETED,
  REJECTED,
  CANCELED,
  EXPIRED,
  @JsonEnumDefaultValue
  UNKNOWN;

  /** Whether the order's life is over. False for {@code UNKNOWN}, which this SDK cannot judge. */
  public boolean terminal() {
    return this == COMPLETED || this == REJECTED || this == CANCELED || this == EXPIRED;
  }
}
