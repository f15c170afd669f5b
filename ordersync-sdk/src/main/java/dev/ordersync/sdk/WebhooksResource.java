package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The restaurant's outbound webhook endpoints, as its owner: {@code
 * /api/v1/restaurants/me/webhooks}. Get it from {@link OrderSyncClient#webhooks()}; verify what
 * arrives with {@link Webhooks#verify}.
 */
public final class WebhooksResource {
  private static final String PATH = "/restaurants/me/webhooks";
  private final ApiRequestor api;

  WebhooksResource(ApiRequestor api) {
    this.api = api;
  }

  /** A new endpoint: {@code POST /restaurants/me/webhooks}; its {@code secret} is shown once. */
  public WebhookEndpoint create(CreateWebhookRequest request) {
    return create(request, null);
  }

  public WebhookEndpoint create(CreateWebhookRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post(PATH, request, WebhookEndpoint.class, options, Keying.AS_GIVEN);
  }

  /** Every endpoint (no secrets): {@code GET /restaurants/me/webhooks}. */
  public List<WebhookEndpoint> list() {
    return list(null);
  }

  public List<WebhookEndpoint> list(RequestOptions options) {
    return api.get(PATH, Map.of(), Endpoints.class, options).data();
  }

  /** One endpoint: {@code GET /restaurants/me/webhooks/{id}}. */
  public WebhookEndpoint get(UUID id) {
    return get(id, null);
  }

  public WebhookEndpoint get(UUID id, RequestOptions options) {
    return api.get(path(id), Map.of(), WebhookEndpoint.class, options);
  }

  /**
   * Deletes it; its waiting deliveries are dropped: {@code DELETE /restaurants/me/webhooks/{id}}.
   */
  public void delete(UUID id) {
    delete(id, null);
  }

  public void delete(UUID id, RequestOptions options) {
    api.delete(path(id), options);
  }

  /**
   * A new secret, shown once; the old one stays valid, and signs too, for a day: {@code POST
   * /restaurants/me/webhooks/{id}/rotate-secret}.
   */
  public WebhookEndpoint rotateSecret(UUID id) {
    return rotateSecret(id, null);
  }

  public WebhookEndpoint rotateSecret(UUID id, RequestOptions options) {
    return api.post(
        path(id) + "/rotate-secret", null, WebhookEndpoint.class, options, Keying.AS_GIVEN);
  }

  /** Enables an endpoint the server disabled: {@code POST /restaurants/me/webhooks/{id}/enable}. */
  public WebhookEndpoint enable(UUID id) {
    return enable(id, null);
  }

  public WebhookEndpoint enable(UUID id, RequestOptions options) {
    return api.post(path(id) + "/enable", null, WebhookEndpoint.class, options, Keying.AS_GIVEN);
  }

  /**
   * The endpoint's deliveries, newest first: {@code GET /restaurants/me/webhooks/{id}/deliveries}.
   *
   * @param limit 1 to 200, null for 50
   */
  public Page<WebhookDelivery> deliveries(UUID id, Integer limit) {
    Map<String, String> q = new LinkedHashMap<>();
    if (limit != null) {
      q.put("limit", limit.toString());
    }
    return deliveries(path(id) + "/deliveries", q);
  }

  private Page<WebhookDelivery> deliveries(String path, Map<String, String> query) {
    Deliveries page = api.get(path, query, Deliveries.class, null);
    return new Page<>(
        page.data(),
        page.nextCursor(),
        cursor -> {
          Map<String, String> next = new LinkedHashMap<>(query);
          next.put("cursor", cursor);
          return deliveries(path, next);
        });
  }

  /**
   * Sends one delivery again, with the same event id: {@code POST
   * /restaurants/me/webhooks/{id}/deliveries/{deliveryId}/replay}.
   */
  public WebhookDelivery replay(UUID id, UUID deliveryId) {
    return replay(id, deliveryId, null);
  }

  public WebhookDelivery replay(UUID id, UUID deliveryId, RequestOptions options) {
    return api.post(
        path(id) + "/deliveries/" + Objects.requireNonNull(deliveryId, "deliveryId") + "/replay",
        null,
        WebhookDelivery.class,
        options,
        Keying.AS_GIVEN);
  }

  /**
   * Sends every event of {@code [from, to)} the endpoint wants again: {@code POST
   * /restaurants/me/webhooks/{id}/replay}.
   */
  public WebhookReplay replay(UUID id, Instant from, Instant to) {
    return replay(id, from, to, null);
  }

  public WebhookReplay replay(UUID id, Instant from, Instant to, RequestOptions options) {
    return api.post(
        path(id) + "/replay",
        new Range(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")),
        WebhookReplay.class,
        options,
        Keying.AS_GIVEN);
  }

  private static String path(UUID id) {
    return PATH + "/" + Objects.requireNonNull(id, "id");
  }

  record Endpoints(List<WebhookEndpoint> data) {}

  record Deliveries(List<WebhookDelivery> data, String nextCursor) {}

  record Range(Instant from, Instant to) {}
}
