package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * A text message or email the server records to send, as an administrator sees it: {@code GET
 * /admin/notifications}. The title and body are never shown. Kinds, channels and statuses are plain
 * strings so that a newer server's values never break this SDK.
 *
 * @param channel such as {@code SMS} or {@code EMAIL}
 * @param recipient masked ({@code 010-****-5678}); null once its subject is erased
 * @param status {@code pending}, {@code sending}, {@code sent}, {@code unknown}, {@code failed} or
 *     {@code dropped}
 * @param lastCode the provider's own code, or one of {@code expired}, {@code unknown}, {@code
 *     lease_expired}, {@code erased}, {@code channel_off}
 */
public record Notification(
    UUID id,
    String kind,
    String channel,
    String recipient,
    String status,
    int attempts,
    String lastCode,
    String lastDetail,
    Instant createdAt,
    Instant nextAttemptAt,
    UUID restaurantId) {}
