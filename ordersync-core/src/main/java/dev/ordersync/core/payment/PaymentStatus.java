package dev.ordersync.core.payment;

/**
 * Where OrderSync's record of a payment stands. {@code CONFIRMING}: the confirm was sent but its
 * outcome is not known yet (a time-out), so the order is neither paid nor failed until a look-up at
 * the gateway says which.
 */
public enum PaymentStatus {
  CONFIRMING,
  DECLINED,
  DONE,
  PARTIAL_CANCELED,
  CANCELED;

  /** Whether the money was taken. */
  public boolean paid() {
    return this == DONE || this == PARTIAL_CANCELED || this == CANCELED;
  }
}
