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
  private final RevokeUserSessions revoke;
  private final Authenticator auth;
  private final Exchange exchange;

  public AdminRoutes(RevokeUserSessions revoke, Authenticator auth, int maxBodyBytes) {
    this.revoke = revoke;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/users/{id}/revoke-sessions", this::revokeSessions);
  }

  private void revokeSessions(ServerRequest req, ServerResponse res) {
    exchange.body(req, false).allow();
    int ended = revoke.handle(auth.caller(req), Exchange.pathId(req, "id"));
    Exchange.send(res, Status.OK_200, Map.of("sessions_ended", ended));
  }
}
