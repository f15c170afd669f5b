package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * An order's online payment through Toss Payments, as OrderSync records it: no card data, which
 * OrderSync never has.
 *
 * @param status {@code CONFIRMING}, {@code DECLINED}, {@code DONE}, {@code PARTIAL_CANCELED} or
 *     {@code CANCELED}
 * @param method how it was paid, in Toss's words (such as {@code 카드}), or null before approval
 * @param amount what was paid, in won
 * @param balance what is left after refunds, in won
 * @param approvedAt null until approved
 */
public record Payment(
    UUID id,
    UUID orderId,
    String paymentKey,
    String status,
    String method,
    long amount,
    long balance,
    Instant approvedAt) {}
