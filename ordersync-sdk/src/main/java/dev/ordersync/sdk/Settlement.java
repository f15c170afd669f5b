package dev.ordersync.sdk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One day of a restaurant's online payments, the day taken in its time zone ({@code from} to {@code
 * to}): gross (by approval time), refunds (by refund time), the gateway's fee ({@code round(gross ×
 * feeRate)}, half up) and {@code net = gross − refunds − fee}, all in won.
 *
 * @param feeRate the configured fee rate, as a decimal such as {@code "0.034"}
 */
public record Settlement(
    LocalDate date,
    String timeZone,
    Instant from,
    Instant to,
    long gross,
    long refunds,
    String feeRate,
    long fee,
    long net,
    int paymentCount,
    int refundCount,
    List<Method> methods) {

  /** The day's totals of one payment method. */
  public record Method(String method, int payments, long gross, int refunds, long refunded) {}
}
