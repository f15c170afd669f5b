package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant's outbound webhook endpoint.
 *
 * @param events the event types it receives ({@code order.created}, {@code order.status_changed},
 *     {@code order.paid}, {@code order.refunded}, {@code menu.item_changed})
 * @param status {@code enabled}, or {@code disabled} after failing for the whole retry window
 * @param failingSince the first failure since the last successful delivery, or null
 * @param previousSecretExpiresAt until when the secret replaced by the last rotation still signs
 * @param secret the signing secret: only in the answer of {@link WebhooksResource#create} and
 *     {@link WebhooksResource#rotateSecret}, null otherwise
 */
public record WebhookEndpoint(
    UUID id,
    String url,
    List<String> events,
    String status,
    Instant failingSince,
    Instant disabledAt,
    Instant previousSecretExpiresAt,
    Instant createdAt,
    Instant updatedAt,
    String secret) {
  public WebhookEndpoint {
    events = events == null ? List.of() : List.copyOf(events);
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[id="
        + id
        + ", url="
        + url
        + ", events="
        + events
        + ", status="
        + status
        + (secret == null ? "" : ", secret=***")
        + "]";
  }
}
