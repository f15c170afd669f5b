package dev.ordersync.server.http;

import dev.ordersync.core.user.RevokeUserSessions;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** {@code /api/v1/admin}: what only administrators may do. */
public final class AdminRoutes implements HttpService {
  /** Verifies the audit trail: its hash chain against its signed checkpoints. */
  public interface AuditVerification {
    dev.ordersync.audit.Verification verify();

    long checkpoints();
  }

  private final RevokeUserSessions revoke;
  private final AuditVerification audit;
  private final Authenticator auth;
  private final Exchange exchange;

  public AdminRoutes(RevokeUserSessions revoke, AuditVerification audit, Authenticator auth, int maxBodyBytes) {
    this.revoke = revoke;
    this.audit = audit;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/users/{id}/revoke-sessions", this::revokeSessions).get("/audit/verify", this::verifyAudit);
  }

  private void verifyAudit(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    if (!(caller instanceof dev.ordersync.core.user.Caller.SignedIn s)) {
      throw new HttpProblem(401, "unauthenticated", "sign in as an administrator");
    }
    if (s.role() != dev.ordersync.core.user.Role.ADMIN) {
      throw new dev.ordersync.core.shared.DomainException.Forbidden("only an administrator may do this");
    }
    var v = audit.verify();
    var findings =
        v.findings().stream()
            .map(f -> {
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
