package dev.ordersync.sdk;

import java.util.List;
import java.util.Objects;

/**
 * A new webhook endpoint: an https URL and the event types it wants.
 *
 * @param events {@code order.created}, {@code order.status_changed}, {@code order.paid}, {@code
 *     order.refunded}, {@code menu.item_changed}
 */
public record CreateWebhookRequest(String url, List<String> events) {
  public CreateWebhookRequest {
    Objects.requireNonNull(url, "url");
    events = List.copyOf(Objects.requireNonNull(events, "events"));
  }
}
