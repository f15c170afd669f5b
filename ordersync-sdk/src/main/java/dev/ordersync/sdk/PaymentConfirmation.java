package dev.ordersync.sdk;

/**
 * The answer to {@link PaymentsResource#confirm}: the payment and the order as they now stand.
 *
 * @param status {@code DONE} when paid (the order is PLACED), or {@code CONFIRMING} when Toss did
 *     not answer in time: the order still awaits its payment; confirm again, or watch the order
 */
public record PaymentConfirmation(String status, Payment payment, Order order) {
  /** Whether Toss's answer is still awaited. */
  public boolean pending() {
    return "CONFIRMING".equals(status);
  }
}
