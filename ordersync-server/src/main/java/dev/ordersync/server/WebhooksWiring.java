package dev.ordersync.server;

import dev.ordersync.core.notify.AccountEmails;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.webhook.WebhookEventTypes;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.http.WebhookRoutes;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import dev.ordersync.server.postgres.PostgresWebhooks;
import dev.ordersync.server.webhooks.WebhookSender;
import dev.ordersync.server.webhooks.WebhookSignature;
import dev.ordersync.server.webhooks.WebhookUrls;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Outbound webhooks (issue 21, decision 0045-webhooks): the store, the hook that records a delivery
 * per endpoint in each order change's unit of work ({@link #recording}), the owner's routes
 * (audited like other restaurant changes), and the dispatcher, started after the web server and
 * stopped before it.
 */
final class WebhooksWiring implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhooksWiring.class.getName());

  /** The most events one range replay makes due again. */
  static final int REPLAY_LIMIT = 10_000;

  private final Infrastructure infra;
  private final PostgresWebhooks store;
  private final WebhookUrls urls;
  private volatile WebhookDispatcher dispatcher;

  private WebhooksWiring(Infrastructure infra, PostgresWebhooks store, WebhookUrls urls) {
    this.infra = infra;
    this.store = store;
    this.urls = urls;
  }

  static WebhooksWiring wire(Infrastructure infra) {
    var s = infra.config().webhooks();
    if (s.allowHttp()) {
      LOG.warning(
          "ORDERSYNC_WEBHOOKS_ALLOW_HTTP=true: webhooks may go to http on loopback and to private"
              + " addresses; never set it in production");
    }
    return new WebhooksWiring(
        infra, new PostgresWebhooks(infra.tx(), infra.columns()), new WebhookUrls(s.allowHttp()));
  }

  /** The order events, each also recorded for the restaurant's endpoints that want it. */
  OrderEvents recording(OrderEvents events) {
    return new WebhookEventsFromOrderEvents(
        events, store, infra.tx(), infra.config().webhooks().failureWindow(), this::wake);
  }

  /**
   * Records {@code menu.item_changed} for the restaurant's endpoints that want it, in the menu
   * change's unit of work: the item as the back office reads it, with {@code deleted}.
   */
  void menuItemChanged(dev.ordersync.core.menu.MenuItem item, boolean removed) {
    String type = "menu.item_changed";
    List<UUID> to = store.subscribers(item.restaurantId(), type);
    if (to.isEmpty()) {
      return;
    }
    UUID eventId = Ids.newId();
    Instant at = infra.clock().instant();
    var data =
        Json.mapper()
            .convertValue(
                dev.ordersync.server.json.MenuViews.ItemView.of(item),
                com.fasterxml.jackson.databind.node.ObjectNode.class);
    data.put("deleted", removed);
    var body = new LinkedHashMap<String, Object>();
    body.put("id", eventId.toString());
    body.put("type", type);
    body.put("created_at", at.toString());
    body.put("data", data);
    store.record(
        eventId,
        item.restaurantId(),
        type,
        null,
        Json.text(body),
        at,
        to,
        infra.config().webhooks().failureWindow());
    infra.tx().afterCommit(this::wake);
  }

  private void wake() {
    var d = dispatcher;
    if (d != null) {
      d.wake();
    }
  }

  /** Starts sending; {@code emails} tells owners when an endpoint is disabled. */
  void start(AccountEmails emails) {
    var s = infra.config().webhooks();
    var d =
        new WebhookDispatcher(
            new PostgresWebhooks(
                new JdbcTransactions(infra.database().notifyDataSource()), infra.columns()),
            infra.tx(),
            store,
            emails,
            new WebhookSender(urls, s.connectTimeout(), s.requestTimeout()),
            s,
            infra.clock());
    dispatcher = d;
    d.start();
  }

  WebhookRoutes routes(StaffAccess access, PostgresAuditTrail audit, Authenticator auth) {
    return new WebhookRoutes(
        new OwnersView(
            infra.tx(), store, access, audit, urls, infra.config().webhooks(), infra.clock()),
        auth,
        infra.maxBodyBytes());
  }

  @Override
  public void close() {
    var d = dispatcher;
    if (d != null) {
      d.close();
    }
  }

  /** The endpoints as their owners see them: each change audited in its unit of work. */
  private record OwnersView(
      JdbcTransactions tx,
      PostgresWebhooks store,
      StaffAccess access,
      PostgresAuditTrail audit,
      WebhookUrls urls,
      ServerConfig.WebhookDelivery settings,
      Clock clock)
      implements WebhookRoutes.Webhooks {

    @Override
    public void authorize(Caller caller) {
      access.checkOwner(caller);
    }

    @Override
    public void authorize(Caller caller, UUID id) {
      access.checkOwner(caller);
      tx.run(() -> endpoint(access.requireOwner(caller), id));
    }

    @Override
    public Map<String, Object> create(Caller caller, String url, List<String> events) {
      access.checkOwner(caller);
      List<String> types;
      try {
        types = WebhookEventTypes.check(events);
      } catch (DomainException.Invalid e) {
        if (url == null) {
          throw new DomainException.Invalid(
              concat(List.of(new dev.ordersync.core.shared.FieldError("url", "is required")), e));
        }
        throw e;
      }
      String checked = urls.check(url).toString();
      String secret = WebhookSignature.newSecret();
      return tx.run(
          () -> {
            UUID restaurantId = access.requireOwner(caller);
            UUID id = Ids.newId();
            Instant now = clock.instant();
            store.create(id, restaurantId, checked, secret, types, now);
            var view = view(store.byId(restaurantId, id).orElseThrow());
            audit.record(
                "CREATE_WEBHOOK_ENDPOINT",
                "webhook_endpoint",
                id.toString(),
                null,
                Json.text(view));
            var withSecret = new LinkedHashMap<>(view);
            withSecret.put("secret", secret);
            return withSecret;
          });
    }

    private static List<dev.ordersync.core.shared.FieldError> concat(
        List<dev.ordersync.core.shared.FieldError> first, DomainException e) {
      var all = new java.util.ArrayList<>(first);
      all.addAll(e.errors());
      return all;
    }

    @Override
    public List<Map<String, Object>> list(Caller caller) {
      return tx.run(
          () -> store.list(access.requireOwner(caller)).stream().map(OwnersView::view).toList());
    }

    @Override
    public Map<String, Object> get(Caller caller, UUID id) {
      return tx.run(() -> view(endpoint(access.requireOwner(caller), id)));
    }

    private PostgresWebhooks.Endpoint endpoint(UUID restaurantId, UUID id) {
      return store
          .byId(restaurantId, id)
          .orElseThrow(() -> new DomainException.NotFound("webhook endpoint"));
    }

    @Override
    public void delete(Caller caller, UUID id) {
      tx.run(
          () -> {
            UUID restaurantId = access.requireOwner(caller);
            var before = view(endpoint(restaurantId, id));
            store.delete(restaurantId, id, clock.instant());
            audit.record(
                "DELETE_WEBHOOK_ENDPOINT",
                "webhook_endpoint",
                id.toString(),
                Json.text(before),
                null);
            return null;
          });
    }

    @Override
    public Map<String, Object> rotateSecret(Caller caller, UUID id) {
      String secret = WebhookSignature.newSecret();
      return tx.run(
          () -> {
            UUID restaurantId = access.requireOwner(caller);
            endpoint(restaurantId, id);
            Instant now = clock.instant();
            Instant until = now.plus(settings.rotationGrace());
            store.rotate(restaurantId, id, secret, until, now);
            var view = view(endpoint(restaurantId, id));
            audit.record(
                "ROTATE_WEBHOOK_SECRET",
                "webhook_endpoint",
                id.toString(),
                null,
                Json.text(Map.of("previous_secret_valid_until", until.toString())));
            var withSecret = new LinkedHashMap<>(view);
            withSecret.put("secret", secret);
            return withSecret;
          });
    }

    @Override
    public Map<String, Object> enable(Caller caller, UUID id) {
      return tx.run(
          () -> {
            UUID restaurantId = access.requireOwner(caller);
            var before = endpoint(restaurantId, id);
            store.enable(restaurantId, id, clock.instant());
            audit.record(
                "ENABLE_WEBHOOK_ENDPOINT",
                "webhook_endpoint",
                id.toString(),
                Json.text(Map.of("status", before.status())),
                Json.text(Map.of("status", "enabled")));
            return view(endpoint(restaurantId, id));
          });
    }

    @Override
    public List<Map<String, Object>> deliveries(Caller caller, UUID id, UUID before, int limit) {
      return tx.run(
          () -> {
            endpoint(access.requireOwner(caller), id);
            return store.deliveries(id, before, limit).stream().map(OwnersView::view).toList();
          });
    }

    @Override
    public Map<String, Object> replay(Caller caller, UUID id, UUID deliveryId) {
      return tx.run(
          () -> {
            endpoint(access.requireOwner(caller), id);
            if (!store.replay(id, deliveryId, clock.instant(), settings.failureWindow())) {
              throw new DomainException.NotFound("delivery");
            }
            audit.record(
                "REPLAY_WEBHOOK_DELIVERY",
                "webhook_endpoint",
                id.toString(),
                null,
                Json.text(Map.of("delivery_id", deliveryId.toString())));
            return store.deliveries(id, null, 200).stream()
                .filter(d -> d.id().equals(deliveryId))
                .findFirst()
                .map(OwnersView::view)
                .orElseThrow(() -> new DomainException.NotFound("delivery"));
          });
    }

    @Override
    public Map<String, Object> replayRange(Caller caller, UUID id, Instant from, Instant to) {
      return tx.run(
          () -> {
            endpoint(access.requireOwner(caller), id);
            int n =
                store.replayRange(
                    id, from, to, clock.instant(), settings.failureWindow(), REPLAY_LIMIT);
            audit.record(
                "REPLAY_WEBHOOK_EVENTS",
                "webhook_endpoint",
                id.toString(),
                null,
                Json.text(Map.of("from", from.toString(), "to", to.toString(), "replayed", n)));
            var out = new LinkedHashMap<String, Object>();
            out.put("replayed", n);
            out.put("from", from.toString());
            out.put("to", to.toString());
            out.put("limit", REPLAY_LIMIT);
            return out;
          });
    }

    static Map<String, Object> view(PostgresWebhooks.Endpoint e) {
      var m = new LinkedHashMap<String, Object>();
      m.put("id", e.id().toString());
      m.put("url", e.url());
      m.put("events", e.events());
      m.put("status", e.status());
      m.put("failing_since", text(e.failingSince()));
      m.put("disabled_at", text(e.disabledAt()));
      m.put(
          "previous_secret_expires_at",
          e.previousSecretUntil() != null && e.previousSecretUntil().isAfter(Instant.now())
              ? e.previousSecretUntil().toString()
              : null);
      m.put("created_at", text(e.createdAt()));
      m.put("updated_at", text(e.updatedAt()));
      return m;
    }

    static Map<String, Object> view(PostgresWebhooks.Delivery d) {
      var m = new LinkedHashMap<String, Object>();
      m.put("id", d.id().toString());
      m.put("endpoint_id", d.endpointId().toString());
      m.put("event_id", d.eventId().toString());
      m.put("event_type", d.eventType());
      m.put("status", d.status());
      m.put("attempts", d.attempts());
      m.put("response_code", d.lastStatusCode());
      m.put("last_error", d.lastError());
      m.put("next_attempt_at", text(d.nextAttemptAt()));
      m.put("created_at", text(d.createdAt()));
      m.put("delivered_at", text(d.deliveredAt()));
      return m;
    }

    private static String text(Instant i) {
      return i == null ? null : i.toString();
    }
  }
}
