package dev.ordersync.server.http;

import dev.ordersync.server.auth.AccessTokens;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** {@code /.well-known}: the public keys that verify our access tokens (JWKS, RFC 7517). */
public final class WellKnownRoutes implements HttpService {
  private final AccessTokens tokens;

  public WellKnownRoutes(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/jwks.json", this::jwks);
  }

  private void jwks(ServerRequest req, ServerResponse res) {
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "application/jwk-set+json");
    res.send(tokens.jwks().getBytes(StandardCharsets.UTF_8));
  }
}
