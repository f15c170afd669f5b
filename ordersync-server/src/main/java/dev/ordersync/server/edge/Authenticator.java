package dev.ordersync.server.edge;

import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.auth.OrderTokens;
import dev.ordersync.server.context.RequestContext;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Says who sent a request, from its {@code Authorization: Bearer} header: nobody (no header), a
 * signed-in user (a valid access token), or the holder of one order's token. A credential that is
 * present but not valid is refused, never quietly treated as anonymous.
 */
public final class Authenticator {
  private final AccessTokens accessTokens;
  private final OrderTokens orderTokens;
  private final Sessions sessions;
  private final Clock clock;

  public Authenticator(
      AccessTokens accessTokens, OrderTokens orderTokens, Sessions sessions, Clock clock) {
    this.accessTokens = accessTokens;
    this.orderTokens = orderTokens;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * The caller of a route that concerns no particular order. An order token here grants nothing
   * beyond anonymous.
   */
  public Caller caller(ServerRequest req) {
    Caller caller = resolve(req);
    RequestContext.authenticated(caller);
    return caller;
  }

  private Caller resolve(ServerRequest req) {
    Optional<String> token = bearer(req);
    if (token.isEmpty()) {
      return Caller.anonymous();
    }
    if (token.get().startsWith(OrderTokens.PREFIX)) {
      return Caller.anonymous();
    }
    return signedIn(token.get());
  }

  /** The caller of a route about one order, where that order's token is also accepted. */
  public Caller callerFor(ServerRequest req, UUID orderId) {
    Caller caller = resolveFor(req, orderId);
    RequestContext.authenticated(caller);
    return caller;
  }

  private Caller resolveFor(ServerRequest req, UUID orderId) {
    Optional<String> token = bearer(req);
    if (token.isEmpty()) {
      return Caller.anonymous();
    }
    if (token.get().startsWith(OrderTokens.PREFIX)) {
      if (orderTokens.verify(token.get(), orderId)) {
        return new Caller.OrderTokenHolder(orderId);
      }
      // A token for another order: the order is not found for this caller (never confirm it
      // exists).
      throw new dev.ordersync.core.shared.DomainException.NotFound("order");
    }
    return signedIn(token.get());
  }

  /**
   * A valid signature is not enough: the token's session must still be active (not logged out,
   * revoked, expired, or ended by a password change), checked against the database on every
   * request.
   */
  private Caller signedIn(String token) {
    AccessTokens.Verified verified =
        accessTokens
            .verify(token)
            .orElseThrow(
                () ->
                    new HttpProblem(
                        401, "invalid_token", "the access token is invalid or expired"));
    Caller.SignedIn caller = verified.caller();
    if (!sessions.active(
        caller.sessionId(), caller.userId(), verified.issuedAt(), clock.instant())) {
      throw new HttpProblem(401, "invalid_token", "the session of this access token has ended");
    }
    return caller;
  }

  /**
   * A caller established from a bare credential, with the time the credential was issued (null for
   * an order token), so that a long-lived connection can check later that its session is still
   * active ({@link #stillActive}).
   */
  public record Authenticated(Caller caller, java.time.Instant issuedAt) {}

  /**
   * The caller behind a bare credential (a WebSocket's {@code access_token} parameter or first
   * message), for a view of one order: an access token or that order's token. Refuses as the REST
   * routes do: an invalid or ended access token with a 401 {@link HttpProblem}, another order's
   * token as {@link dev.ordersync.core.shared.DomainException.NotFound}.
   */
  public Authenticated callerForToken(String token, UUID orderId) {
    if (token.startsWith(OrderTokens.PREFIX)) {
      if (orderTokens.verify(token, orderId)) {
        return new Authenticated(new Caller.OrderTokenHolder(orderId), null);
      }
      throw new dev.ordersync.core.shared.DomainException.NotFound("order");
    }
    return signedInAt(token);
  }

  /**
   * The signed-in caller behind a bare access token (see {@link #callerForToken}); an order token
   * grants nothing here.
   */
  public Authenticated callerOfToken(String token) {
    if (token.startsWith(OrderTokens.PREFIX)) {
      return new Authenticated(Caller.anonymous(), null);
    }
    return signedInAt(token);
  }

  /**
   * Whether the session behind a credential checked earlier is still active (not logged out,
   * revoked, or ended by a password change); the credential's own expiry is not checked again.
   * Order tokens never end.
   */
  public boolean stillActive(Authenticated authenticated) {
    if (authenticated.caller() instanceof Caller.SignedIn s && s.sessionId() != null) {
      return sessions.active(s.sessionId(), s.userId(), authenticated.issuedAt(), clock.instant());
    }
    return true;
  }

  private Authenticated signedInAt(String token) {
    AccessTokens.Verified verified =
        accessTokens
            .verify(token)
            .orElseThrow(
                () ->
                    new HttpProblem(
                        401, "invalid_token", "the access token is invalid or expired"));
    Caller.SignedIn caller = verified.caller();
    if (!sessions.active(
        caller.sessionId(), caller.userId(), verified.issuedAt(), clock.instant())) {
      throw new HttpProblem(401, "invalid_token", "the session of this access token has ended");
    }
    return new Authenticated(caller, verified.issuedAt());
  }

  /** The bearer token of a request, if it has an {@code Authorization: Bearer} header. */
  public static Optional<String> bearerOf(io.helidon.http.Headers headers) {
    return headers
        .first(HeaderNames.AUTHORIZATION)
        .map(String::strip)
        .filter(h -> h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).strip())
        .filter(t -> !t.isEmpty());
  }

  /**
   * The signed-in user's id, if the request carries a valid access token; for rate limits, never
   * throws.
   */
  public Optional<String> userOf(ServerRequest req) {
    try {
      return bearer(req)
          .filter(t -> !t.startsWith(OrderTokens.PREFIX))
          .flatMap(accessTokens::verify)
          .map(v -> v.caller().userId().toString());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> bearer(ServerRequest req) {
    Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String h = header.get().strip();
    if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.substring(7).isBlank()) {
      throw new HttpProblem(
          401, "invalid_token", "send credentials as Authorization: Bearer <token>");
    }
    return Optional.of(h.substring(7).strip());
  }
}
