package dev.ordersync.server.http;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LogOut;
import dev.ordersync.core.user.LoginPlace;
import dev.ordersync.core.user.RefreshSession;
import dev.ordersync.core.user.Session;
import dev.ordersync.core.user.User;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.AccountViews.TokenView;
import dev.ordersync.server.ratelimit.LoginThrottle;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/auth}: sessions, begun with a password (and a second factor when it is on),
 * renewed with a refresh token, and ended. Every route here is a row of docs/security.md.
 */
public final class AuthRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      LogIn logIn, CompleteSecondFactor secondFactor, RefreshSession refresh, LogOut logOut) {}

  /**
   * Login throttling: checked before a password is tried (with the device cookie the client sent),
   * told of each failure and success; a success may answer a device cookie to send back.
   */
  public interface LoginGuard {
    LoginThrottle.Attempt check(String account, String address, String deviceCookie);

    void failed(LoginThrottle.Attempt attempt);

    /** The value of the device cookie to set, if this guard hands them out. */
    Optional<String> succeeded(LoginThrottle.Attempt attempt);

    /**
     * {@link #succeeded(LoginThrottle.Attempt)} with a cookie naming {@code deviceId} (the one
     * {@link #deviceId} gave for the attempt), if this guard hands cookies out.
     */
    default Optional<String> succeeded(LoginThrottle.Attempt attempt, String deviceId) {
      return succeeded(attempt);
    }

    /**
     * The device an attempt comes from: the one its device cookie proved, or a new one (which the
     * cookie set on success will carry, if this guard hands them out).
     */
    default String deviceId(LoginThrottle.Attempt attempt) {
      return LoginThrottle.deviceIdOf(attempt);
    }

    /** How long a device cookie is kept by the browser. */
    default Duration deviceCookieLifetime() {
      return Duration.ofDays(90);
    }

    /**
     * The client address a login is counted against (behind a trusted proxy, the forwarded one).
     */
    default String address(ServerRequest req) {
      return ClientAddress.of(req);
    }

    static LoginGuard none() {
      return new LoginGuard() {
        @Override
        public LoginThrottle.Attempt check(String account, String address, String deviceCookie) {
          return new LoginThrottle.Attempt(account, address, LoginThrottle.Place.STRANGER, null);
        }

        @Override
        public void failed(LoginThrottle.Attempt attempt) {}

        @Override
        public Optional<String> succeeded(LoginThrottle.Attempt attempt) {
          return Optional.empty();
        }
      };
    }
  }

  private final UseCases use;
  private final AccessTokens tokens;
  private final Authenticator auth;
  private final Exchange exchange;
  private final LoginGuard guard;

  public AuthRoutes(
      UseCases use, AccessTokens tokens, Authenticator auth, int maxBodyBytes, LoginGuard guard) {
    this.use = use;
    this.tokens = tokens;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
    this.guard = guard;
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/login", this::login)
        .post("/login/mfa", this::loginWithCode)
        .post("/refresh", this::refresh)
        .post("/logout", this::logout);
  }

  private void login(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("email", "password", "restaurant_id");
    String email = body.string("email");
    String account = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    String address = guard.address(req);
    LoginThrottle.Attempt attempt = guard.check(account, address, deviceCookie(req));
    String deviceId = guard.deviceId(attempt);
    LogIn.Outcome outcome;
    try {
      outcome =
          use.logIn()
              .handle(
                  new LogIn.Command(
                      email,
                      body.string("password"),
                      body.uuid("restaurant_id"),
                      new LoginPlace(deviceId, address, userAgent(req))));
    } catch (DomainException.Unauthenticated e) {
      guard.failed(attempt);
      throw e;
    }
    guard.succeeded(attempt, deviceId).ifPresent(cookie -> setDeviceCookie(res, cookie));
    switch (outcome) {
      case LogIn.Outcome.SignedIn s ->
          sendTokens(req, res, s.user(), s.session(), s.refreshToken());
      case LogIn.Outcome.SecondFactorRequired p -> {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mfa_required", true);
        view.put("mfa_token", tokens.issueMfaToken(p.user().id(), p.restaurantId(), deviceId));
        view.put("expires_in", AccessTokens.MFA_TOKEN_LIFETIME.toSeconds());
        Exchange.send(res, Status.OK_200, view);
      }
    }
  }

  private void loginWithCode(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("mfa_token", "code");
    String mfaToken = body.string("mfa_token");
    AccessTokens.MfaPending pending =
        (mfaToken == null
                ? Optional.<AccessTokens.MfaPending>empty()
                : tokens.verifyMfaToken(mfaToken))
            .orElseThrow(
                () ->
                    new HttpProblem(
                        401, "invalid_token", "the mfa_token is invalid or expired: log in again"));
    String address = guard.address(req);
    String account = "mfa:" + pending.userId();
    LoginThrottle.Attempt attempt = guard.check(account, address, null);
    LogIn.Outcome.SignedIn s;
    try {
      s =
          use.secondFactor()
              .handle(
                  new CompleteSecondFactor.Command(
                      pending.userId(),
                      pending.restaurantId(),
                      body.string("code"),
                      new LoginPlace(pending.deviceId(), address, userAgent(req))));
    } catch (DomainException.Unauthenticated e) {
      guard.failed(attempt);
      throw e;
    }
    // The device cookie is the password step's: a second factor only forgives its own failures.
    guard.succeeded(attempt);
    sendTokens(req, res, s.user(), s.session(), s.refreshToken());
  }

  /** The client's User-Agent (cut to 300 characters), for telling the user which browser it was. */
  private static String userAgent(ServerRequest req) {
    return req.headers()
        .first(HeaderNames.USER_AGENT)
        .map(ua -> ua.length() > 300 ? ua.substring(0, 300) : ua)
        .orElse(null);
  }

  private static String deviceCookie(ServerRequest req) {
    return req.headers().cookies().first(LoginThrottle.DEVICE_COOKIE).orElse(null);
  }

  /**
   * The device's proof of this login: HttpOnly (no script reads it), Secure, SameSite=Strict (no
   * other site's form sends it) and only sent to the login routes. It grants nothing but the
   * device's own login allowance (decision 26).
   */
  private void setDeviceCookie(ServerResponse res, String value) {
    res.headers()
        .addCookie(
            SetCookie.builder(LoginThrottle.DEVICE_COOKIE, value)
                .path("/api/v1/auth")
                .maxAge(guard.deviceCookieLifetime())
                .httpOnly(true)
                .secure(true)
                .sameSite(SetCookie.SameSite.STRICT)
                .build());
  }

  private void refresh(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("refresh_token");
    String token = body.string("refresh_token");
    if (token == null && WebSession.asked(req)) {
      WebSession.checkSameOrigin(req);
      token = WebSession.refreshCookie(req).orElse(null);
    }
    switch (use.refresh().handle(token)) {
      case RefreshSession.Outcome.Renewed r ->
          sendTokens(req, res, r.user(), r.session(), r.refreshToken());
      case RefreshSession.Outcome.Refused r -> {
        if (WebSession.asked(req)) {
          WebSession.clearRefreshCookie(res);
        }
        throw new HttpProblem(401, r.code(), r.message());
      }
    }
  }

  /**
   * The new pair: both in the body for an API client; for the web app (decision 32) the refresh
   * token only in its HttpOnly cookie, never where a script could read it.
   */
  private void sendTokens(
      ServerRequest req, ServerResponse res, User user, Session session, String refreshToken) {
    String access =
        tokens.issue(
            user.id(), user.role(), session.restaurantId(), session.id(), session.secondFactor());
    boolean web = WebSession.asked(req);
    if (web) {
      WebSession.setRefreshCookie(res, refreshToken, Session.LIFETIME);
    }
    Exchange.send(
        res,
        Status.OK_200,
        new TokenView(
            access,
            web ? null : refreshToken,
            "Bearer",
            tokens.lifetime().toSeconds(),
            session.restaurantId()));
  }

  private void logout(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    use.logOut().authorize(caller);
    exchange.body(req, false).allow();
    use.logOut().handle(caller);
    if (WebSession.asked(req)) {
      WebSession.clearRefreshCookie(res);
    }
    res.status(Status.NO_CONTENT_204).send();
  }
}
