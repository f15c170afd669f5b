package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * One event's delivery to one endpoint, as its log shows it.
 *
 * @param eventId the event's id: the same on every retry and replay (the receiver's de-duplication
 *     key, also sent as {@code OrderSync-Event-Id})
 * @param status {@code pending}, {@code delivered}, {@code failed} (its retry window ran out) or
 *     {@code dropped}
 * @param attempts how many times it was sent
 * @param responseCode the status of the last answer, or null when there was none
 * @param lastError what went wrong last ({@code timeout}, {@code connection_failed}, {@code
 *     answered 500}...), or null
 * @param nextAttemptAt when it is sent next, while pending
 */
public record WebhookDelivery(
    UUID id,
    UUID endpointId,
    UUID eventId,
    String eventType,
    String status,
    int attempts,
    Integer responseCode,
    String lastError,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant deliveredAt) {}
