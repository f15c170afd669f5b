package dev.ordersync.server.http;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/admin/notifications}: the messages the server sends (text messages, email), for
 * administrators to read the dead letters and those of unknown fate, and to send one again. Shows a
 * masked recipient, never the recipient, title or body.
 */
public final class NotificationAdminRoutes implements HttpService {
  /** The notifications as admins see them. */
  public interface Notifications {
    /**
     * One page, newest first: each message as JSON fields (id, kind, channel, recipient (masked),
     * status, attempts, last_code, last_detail, created_at, next_attempt_at, restaurant_id).
     *
     * @param status only this status, or null for every status
     * @param before start after this id (the previous page's last), or null
     */
    List<Map<String, Object>> list(String status, UUID before, int limit);

    /**
     * Sends a failed or unknown message again (pending now), audited; the message as {@link #list}
     * shows it. {@link DomainException.NotFound} if there is none, {@link DomainException.Conflict}
     * ({@code not_retryable}) in any other status.
     */
    Map<String, Object> retry(UUID id);
  }

  static final Set<String> STATUSES =
      Set.of("pending", "sending", "sent", "unknown", "failed", "dropped");

  private final Notifications notifications;
  private final Authenticator auth;
  private final Exchange exchange;

  public NotificationAdminRoutes(
      Notifications notifications, Authenticator auth, int maxBodyBytes) {
    this.notifications = notifications;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::list).post("/{id}/retry", this::retry);
  }

  /** {@code ?status=failed|unknown|pending|sending|sent|dropped&limit=&cursor=}, newest first. */
  private void list(ServerRequest req, ServerResponse res) {
    requireAdmin(req);
    var p = req.query();
    String status = p.first("status").asOptional().orElse(null);
    if (status != null) {
      status = status.strip().toLowerCase(java.util.Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw HttpProblem.field(
            "invalid_parameter",
            "status",
            "must be one of pending, sending, sent, unknown, failed, dropped");
      }
    }
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
    List<Map<String, Object>> data = notifications.list(status, before, limit);
    var body = new LinkedHashMap<String, Object>();
    body.put("data", data);
    body.put("next_cursor", data.size() == limit ? data.getLast().get("id") : null);
    Exchange.send(res, Status.OK_200, body);
  }

  private void retry(ServerRequest req, ServerResponse res) {
    requireAdmin(req);
    exchange.body(req, false).allow();
    Exchange.send(res, Status.OK_200, notifications.retry(Exchange.pathId(req, "id")));
  }

  private void requireAdmin(ServerRequest req) {
    var caller = auth.caller(req);
    if (!(caller instanceof Caller.SignedIn s)) {
      throw new HttpProblem(401, "unauthenticated", "sign in as an administrator");
    }
    if (s.role() != Role.ADMIN) {
      throw new DomainException.Forbidden("only an administrator may do this");
    }
  }
}
