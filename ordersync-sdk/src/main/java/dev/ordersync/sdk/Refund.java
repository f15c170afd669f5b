package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/** One refund: money given back through one Toss cancel. */
public record Refund(UUID id, UUID orderId, long amount, String reason, Instant refundedAt) {}
