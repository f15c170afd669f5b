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

    /**
     * One page of personal-data access records matching {@code query} (actor, time), about {@code
     * subject} ({@code user:<id>} or {@code order:<id>}; every subject when null), newest first.
     */
    AccessPage accesses(dev.ordersync.audit.AuditQuery query, String subject, int limit);
  }

  /**
   * @param nextCursor where the next page starts, or null when there is none
   */
  public record AccessPage(java.util.List<java.util.Map<String, Object>> data, Long nextCursor) {}

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
        .get("/audit", this::listAudit)
        .get("/personal-data-access", this::listAccesses);
  }

  private static final java.util.regex.Pattern SUBJECT =
      java.util.regex.Pattern.compile(
          "(user|order):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * {@code ?subject=user:<id>|order:<id>&actor=<user id>&from=&to=&limit=&cursor=}: who read whose
   * personal data, newest first. Shows ids, views and field names, never the data itself, so
   * listing it is not itself recorded.
   */
  private void listAccesses(ServerRequest req, ServerResponse res) {
    requireAdmin(req);
    var p = req.query();
    java.util.function.Function<String, String> param = n -> p.first(n).asOptional().orElse(null);
    var q = dev.ordersync.audit.AuditQuery.all();
    String subject = param.apply("subject");
    if (subject != null) {
      subject = subject.strip().toLowerCase(java.util.Locale.ROOT);
      if (!SUBJECT.matcher(subject).matches()) {
        throw HttpProblem.field(
            "invalid_parameter", "subject", "must be user:<uuid> or order:<uuid>");
      }
    }
    String actor = param.apply("actor");
    if (actor != null) {
      try {
        q = q.actor(java.util.UUID.fromString(actor.strip()).toString());
      } catch (IllegalArgumentException e) {
        throw HttpProblem.field("invalid_parameter", "actor", "must be a user id (a UUID)");
      }
    }
    q = between(q, param.apply("from"), param.apply("to"));
    q = cursor(q, param.apply("cursor"));
    var page = audit.accesses(q, subject, Exchange.pageLimit(param.apply("limit")));
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("data", page.data());
    body.put("next_cursor", page.nextCursor() == null ? null : String.valueOf(page.nextCursor()));
    Exchange.send(res, Status.OK_200, body);
  }

  private static dev.ordersync.audit.AuditQuery between(
      dev.ordersync.audit.AuditQuery q, String rawFrom, String rawTo) {
    java.time.Instant from = instant(rawFrom, "from");
    java.time.Instant to = instant(rawTo, "to");
    if (from == null && to == null) {
      return q;
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw HttpProblem.field("invalid_parameter", "from", "must be before to");
    }
    return q.between(from, to);
  }

  private static dev.ordersync.audit.AuditQuery cursor(
      dev.ordersync.audit.AuditQuery q, String raw) {
    if (raw == null) {
      return q;
    }
    try {
      return q.startingAfter(Long.parseLong(raw));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.field("invalid_parameter", "cursor", "must be a next_cursor of this list");
    }
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
    if (param.apply("entity_type") != null) {
      q = q.entity(param.apply("entity_type"), param.apply("entity_id"));
    }
    if (param.apply("actor") != null) {
      q = q.actor(param.apply("actor"));
    }
    if (param.apply("action") != null) {
      try {
        q = q.action(new dev.ordersync.audit.AuditAction(param.apply("action")));
      } catch (IllegalArgumentException e) {
        throw HttpProblem.field(
            "invalid_parameter",
            "action",
            "must be 1 to 64 of A-Z, 0-9 and _, starting with a letter");
      }
    }
    java.time.Instant from = instant(param.apply("from"), "from");
    java.time.Instant to = instant(param.apply("to"), "to");
    if (from != null || to != null) {
      if (from != null && to != null && !from.isBefore(to)) {
        throw HttpProblem.field("invalid_parameter", "from", "must be before to");
      }
      q = q.between(from, to);
    }
    int limit = Exchange.pageLimit(param.apply("limit"));
    q = q.limit(limit);
    if (param.apply("cursor") != null) {
      try {
        q = q.startingAfter(Long.parseLong(param.apply("cursor")));
      } catch (IllegalArgumentException e) {
        throw HttpProblem.field(
            "invalid_parameter", "cursor", "must be a next_cursor of this list");
      }
    }
    var data = audit.read(q);
    Object next = data.size() == limit ? String.valueOf(data.getLast().get("sequence")) : null;
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("data", data);
    body.put("next_cursor", next);
    Exchange.send(res, Status.OK_200, body);
  }

  private static java.time.Instant instant(String raw, String name) {
    if (raw == null) {
      return null;
    }
    try {
      return java.time.Instant.parse(raw);
    } catch (java.time.format.DateTimeParseException e) {
      throw HttpProblem.field(
          "invalid_parameter", name, "must be an RFC 3339 instant such as 2026-11-24T09:00:00Z");
    }
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
    var caller = auth.caller(req);
    revoke.authorize(caller);
    exchange.body(req, false).allow();
    int ended = revoke.handle(caller, Exchange.pathId(req, "id"));
    Exchange.send(res, Status.OK_200, Map.of("sessions_ended", ended));
  }
}
