package dev.ordersync.server.http;

import dev.ordersync.core.user.Caller;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants/me/webhooks}: the owner's outbound webhook endpoints (decision
 * 0045-webhooks): make one (its secret shown once), list, read and delete them, rotate a secret,
 * enable one the server disabled, read its delivery log, and replay one delivery or a time range.
 */
public final class WebhookRoutes implements HttpService {
  /** The endpoints as their owner sees them; every call checks that the caller is an owner. */
  public interface Webhooks {
    /** Refuses a caller who is not an owner, before the request's input is read. */
    void authorize(Caller caller);

    /**
     * Refuses a caller who is not an owner, or whose restaurant has no such endpoint (404), before
     * the request's input is read.
     */
    void authorize(Caller caller, UUID id);

    /** A new endpoint, with its {@code secret} (the only time it is shown). */
    Map<String, Object> create(Caller caller, String url, List<String> events);

    List<Map<String, Object>> list(Caller caller);

    Map<String, Object> get(Caller caller, UUID id);

    void delete(Caller caller, UUID id);

    /** The endpoint with its new {@code secret}; the old one stays valid for a while. */
    Map<String, Object> rotateSecret(Caller caller, UUID id);

    Map<String, Object> enable(Caller caller, UUID id);

    /** One page of the endpoint's deliveries, newest first, after {@code before} if given. */
    List<Map<String, Object>> deliveries(Caller caller, UUID id, UUID before, int limit);

    /** The delivery, due again now. */
    Map<String, Object> replay(Caller caller, UUID id, UUID deliveryId);

    /** How many events of {@code [from, to)} are due again now. */
    Map<String, Object> replayRange(Caller caller, UUID id, Instant from, Instant to);
  }

  private final Webhooks webhooks;
  private final Authenticator auth;
  private final Exchange exchange;

  public WebhookRoutes(Webhooks webhooks, Authenticator auth, int maxBodyBytes) {
    this.webhooks = webhooks;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::create)
        .get("/", this::list)
        .get("/{id}", this::get)
        .delete("/{id}", this::delete)
        .post("/{id}/rotate-secret", this::rotate)
        .post("/{id}/enable", this::enable)
        .get("/{id}/deliveries", this::deliveries)
        .post("/{id}/deliveries/{deliveryId}/replay", this::replay)
        .post("/{id}/replay", this::replayRange);
  }

  private void create(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    webhooks.authorize(caller);
    JsonBody body = exchange.body(req, true).allow("url", "events");
    Exchange.send(
        res,
        Status.CREATED_201,
        webhooks.create(caller, body.string("url"), body.strings("events")));
  }

  private void list(ServerRequest req, ServerResponse res) {
    Exchange.send(res, Status.OK_200, Map.of("data", webhooks.list(auth.caller(req))));
  }

  private void get(ServerRequest req, ServerResponse res) {
    Exchange.send(res, Status.OK_200, webhooks.get(auth.caller(req), Exchange.pathId(req, "id")));
  }

  private void delete(ServerRequest req, ServerResponse res) {
    webhooks.delete(auth.caller(req), Exchange.pathId(req, "id"));
    res.status(Status.NO_CONTENT_204).send();
  }

  private void rotate(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    UUID id = Exchange.pathId(req, "id");
    webhooks.authorize(caller, id);
    exchange.body(req, false).allow();
    Exchange.send(res, Status.OK_200, webhooks.rotateSecret(caller, id));
  }

  private void enable(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    UUID id = Exchange.pathId(req, "id");
    webhooks.authorize(caller, id);
    exchange.body(req, false).allow();
    Exchange.send(res, Status.OK_200, webhooks.enable(caller, id));
  }

  /** {@code ?limit=&cursor=}, newest first. */
  private void deliveries(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    UUID id = Exchange.pathId(req, "id");
    var p = req.query();
    UUID before = null;
    String cursor = p.first("cursor").asOptional().orElse(null);
    if (cursor != null) {
      try {
        before = UUID.fromString(cursor.strip());
      } catch (IllegalArgumentException e) {
        throw HttpProblem.field(
            "invalid_parameter", "cursor", "must be a next_cursor of this list");
      }
    }
    int limit = Exchange.pageLimit(p.first("limit").asOptional().orElse(null));
    List<Map<String, Object>> data = webhooks.deliveries(caller, id, before, limit);
    var body = new LinkedHashMap<String, Object>();
    body.put("data", data);
    body.put("next_cursor", data.size() == limit ? data.getLast().get("id") : null);
    Exchange.send(res, Status.OK_200, body);
  }

  private void replay(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    UUID id = Exchange.pathId(req, "id");
    UUID deliveryId = Exchange.pathId(req, "deliveryId");
    webhooks.authorize(caller, id);
    exchange.body(req, false).allow();
    Exchange.send(res, Status.ACCEPTED_202, webhooks.replay(caller, id, deliveryId));
  }

  private void replayRange(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    UUID id = Exchange.pathId(req, "id");
    webhooks.authorize(caller, id);
    JsonBody body = exchange.body(req, true).allow("from", "to");
    Instant from = instant(body.string("from"), "from");
    Instant to = instant(body.string("to"), "to");
    if (!from.isBefore(to)) {
      throw new HttpProblem(
          422,
          "invalid_range",
          "the range is empty or reversed",
          List.of(new dev.ordersync.core.shared.FieldError("to", "must be after from")));
    }
    Exchange.send(res, Status.ACCEPTED_202, webhooks.replayRange(caller, id, from, to));
  }

  private static Instant instant(String raw, String field) {
    if (raw == null) {
      throw HttpProblem.field("invalid_parameter", field, "is required (an RFC 3339 time)");
    }
    try {
      return java.time.OffsetDateTime.parse(raw.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpProblem.field(
          "invalid_parameter", field, "must be an RFC 3339 time such as 2026-12-08T09:00:00+09:00");
    }
  }
}
