package dev.ordersync.server.http;

import dev.ordersync.core.user.RevokeUserSessions;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** {@code /api/v1/admin}: what only administrators may do. */
public final class AdminRoutes implements HttpService {
  /** Verifies the audit trail: its hash chain against its signed checkpoints; and reads it. */
  public interface AuditVerification {
    dev.ordersync.audit.Verification verify();

    long checkpoints();

    /** One page of sealed records, each with its values opened. */
    java.util.List<java.util.Map<String, Object>> read(dev.ordersync.audit.AuditQuery query);
  }

  private final RevokeUserSessions revoke;
  private final AuditVerification audit;
  private final Authenticator auth;
  private final Exchange exchange;

  public AdminRoutes(
      RevokeUserSessions revoke, AuditVerification audit, Authenticator auth, int maxBodyBytes) {
    this.revoke = revoke;
    this.audit = audit;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/users/{id}/revoke-sessions", this::revokeSessions)
        .get("/audit/verify", this::verifyAudit)
        .get("/audit", this::listAudit);
  }

  private void requireAdmin(ServerRequest req) {
    var caller = auth.caller(req);
    if (!(caller instanceof dev.ordersync.core.user.Caller.SignedIn s)) {
      throw new HttpProblem(401, "unauthenticated", "sign in as an administrator");
    }
    if (s.role() != dev.ordersync.core.user.Role.ADMIN) {
      throw new dev.ordersync.core.shared.DomainException.Forbidden(
          "only an administrator may do this");
    }
  }

  /**
   * {@code ?entity_type=&entity_id=&actor=&action=&from=&to=&limit=&cursor=}, newest first, values
   * decrypted.
   */
  private void listAudit(ServerRequest req, ServerResponse res) {
    requireAdmin(req);
    var q = dev.ordersync.audit.AuditQuery.all().newestFirst();
    var p = req.query();
    java.util.function.Function<String, String> param = n -> p.first(n).asOptional().orElse(null);
    try {
      if (param.apply("entity_type") != null) {
        q = q.entity(param.apply("entity_type"), param.apply("entity_id"));
      }
      if (param.apply("actor") != null) {
        q = q.actor(param.apply("actor"));
      }
      if (param.apply("action") != null) {
        q = q.action(new dev.ordersync.audit.AuditAction(param.apply("action")));
      }
      java.time.Instant from =
          param.apply("from") == null ? null : java.time.Instant.parse(param.apply("from"));
      java.time.Instant to =
          param.apply("to") == null ? null : java.time.Instant.parse(param.apply("to"));
      if (from != null || to != null) {
        q = q.between(from, to);
      }
      int limit = param.apply("limit") == null ? 50 : Integer.parseInt(param.apply("limit"));
      if (limit < 1 || limit > 200) {
        throw HttpProblem.field("invalid_parameter", "limit", "must be between 1 and 200");
      }
      q = q.limit(limit);
      if (param.apply("cursor") != null) {
        q = q.startingAfter(Long.parseLong(param.apply("cursor")));
      }
    } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
      throw new HttpProblem(400, "invalid_parameter", "a filter is malformed: " + e.getMessage());
    }
    var data = audit.read(q);
    Object next =
        data.size() == (param.apply("limit") == null ? 50 : Integer.parseInt(param.apply("limit")))
            ? String.valueOf(data.getLast().get("sequence"))
            : null;
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("data", data);
    body.put("next_cursor", next);
    Exchange.send(res, Status.OK_200, body);
  }

  private void verifyAudit(ServerRequest req, ServerResponse res) {
    requireAdmin(req);
    var v = audit.verify();
    var findings =
        v.findings().stream()
            .map(
                f -> {
                  var m = new java.util.LinkedHashMap<String, Object>();
                  m.put("kind", f.kind().name());
                  m.put("sequence", f.sequence());
                  m.put("record_id", f.recordId());
                  m.put("detail", f.detail());
                  return m;
                })
            .toList();
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("intact", v.intact());
    body.put("records", v.records());
    body.put("checkpoints", audit.checkpoints());
    body.put("findings", findings);
    Exchange.send(res, Status.OK_200, body);
  }

  private void revokeSessions(ServerRequest req, ServerResponse res) {
    exchange.body(req, false).allow();
    int ended = revoke.handle(auth.caller(req), Exchange.pathId(req, "id"));
    Exchange.send(res, Status.OK_200, Map.of("sessions_ended", ended));
  }
}
