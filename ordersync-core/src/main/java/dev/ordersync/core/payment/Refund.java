package dev.ordersync.core.payment;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.util.UUID;

/**
 * One refund of a payment: exactly one gateway cancel, made with {@code idempotencyKey}.
 *
 * @param method the payment's method, kept so the settlement can count refunds per method
 * @param byRestaurantCancel whether it came from the order being canceled or rejected (else an
 *     owner's refund)
 */
public record Refund(
    UUID id,
    UUID paymentId,
    UUID orderId,
    UUID restaurantId,
    Won amount,
    String reason,
    String method,
    String idempotencyKey,
    boolean byRestaurantCancel,
    Instant refundedAt) {}
