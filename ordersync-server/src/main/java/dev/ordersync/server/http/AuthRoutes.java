package dev.ordersync.server.http;

import dev.ordersync.core.privacy.EraseMe;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.ConfirmSecondFactor;
import dev.ordersync.core.user.EnrollSecondFactor;
import dev.ordersync.core.user.GetProfile;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LogOut;
import dev.ordersync.core.user.RefreshSession;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.Session;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Views;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/auth}: accounts, sessions and second factors. Every route here is a row of
 * docs/security.md.
 */
public final class AuthRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      RegisterUser register,
      LogIn logIn,
      CompleteSecondFactor secondFactor,
      RefreshSession refresh,
      LogOut logOut,
      GetProfile profile,
      ChangePassword changePassword,
      EnrollSecondFactor enroll,
      ConfirmSecondFactor confirm,
      ExportMyData export,
      EraseMe erase,
      Users users) {}

  /** Login throttling: checked before a password is tried, told of each failure and success. */
  public interface LoginGuard {
    void check(String account, String address);

    void failed(String account, String address);

    void succeeded(String account);

    /**
     * The client address a login is counted against (behind a trusted proxy, the forwarded one).
     */
    default String address(ServerRequest req) {
      return ClientAddress.of(req);
    }

    static LoginGuard none() {
      return new LoginGuard() {
        @Override
        public void check(String account, String address) {}

        @Override
        public void failed(String account, String address) {}

        @Override
        public void succeeded(String account) {}
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
        .post("/register", this::register)
        .post("/login", this::login)
        .post("/login/mfa", this::loginWithCode)
        .post("/refresh", this::refresh)
        .post("/logout", this::logout)
        .get("/me", this::me)
        .get("/me/export", this::export)
        .delete("/me", this::erase)
        .post("/password", this::changePassword)
        .post("/mfa/totp", this::enroll)
        .post("/mfa/totp/confirm", this::confirm);
  }

  private void register(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("email", "password", "name", "phone", "role");
    User user =
        use.register()
            .handle(
                RegisterUser.Command.from(
                    body.string("email"),
                    body.string("password"),
                    body.string("name"),
                    body.string("phone"),
                    body.string("role")));
    res.header(HeaderNames.LOCATION, "/api/v1/auth/me");
    Exchange.send(res, Status.CREATED_201, Views.UserView.of(user));
  }

  private void login(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("email", "password", "restaurant_id");
    String email = body.string("email");
    String account = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
    String address = guard.address(req);
    guard.check(account, address);
    LogIn.Outcome outcome;
    try {
      outcome =
          use.logIn()
              .handle(
                  new LogIn.Command(email, body.string("password"), body.uuid("restaurant_id")));
    } catch (dev.ordersync.core.shared.DomainException.Unauthenticated e) {
      guard.failed(account, address);
      throw e;
    }
    guard.succeeded(account);
    switch (outcome) {
      case LogIn.Outcome.SignedIn s -> sendTokens(res, s.user(), s.session(), s.refreshToken());
      case LogIn.Outcome.SecondFactorRequired p -> {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mfa_required", true);
        view.put("mfa_token", tokens.issueMfaToken(p.user().id(), p.restaurantId()));
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
                ? java.util.Optional.<AccessTokens.MfaPending>empty()
                : tokens.verifyMfaToken(mfaToken))
            .orElseThrow(
                () ->
                    new HttpProblem(
                        401, "invalid_token", "the mfa_token is invalid or expired: log in again"));
    String address = guard.address(req);
    String account = "mfa:" + pending.userId();
    guard.check(account, address);
    LogIn.Outcome.SignedIn s;
    try {
      s =
          use.secondFactor()
              .handle(
                  new CompleteSecondFactor.Command(
                      pending.userId(), pending.restaurantId(), body.string("code")));
    } catch (dev.ordersync.core.shared.DomainException.Unauthenticated e) {
      guard.failed(account, address);
      throw e;
    }
    guard.succeeded(account);
    sendTokens(res, s.user(), s.session(), s.refreshToken());
  }

  private void refresh(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("refresh_token");
    switch (use.refresh().handle(body.string("refresh_token"))) {
      case RefreshSession.Outcome.Renewed r ->
          sendTokens(res, r.user(), r.session(), r.refreshToken());
      case RefreshSession.Outcome.Refused r -> throw new HttpProblem(401, r.code(), r.message());
    }
  }

  private void sendTokens(ServerResponse res, User user, Session session, String refreshToken) {
    String access =
        tokens.issue(
            user.id(), user.role(), session.restaurantId(), session.id(), session.secondFactor());
    Exchange.send(
        res,
        Status.OK_200,
        new Views.TokenView(
            access, refreshToken, "Bearer", tokens.lifetime().toSeconds(), session.restaurantId()));
  }

  private void logout(ServerRequest req, ServerResponse res) {
    exchange.body(req, false).allow();
    use.logOut().handle(auth.caller(req));
    res.status(Status.NO_CONTENT_204).send();
  }

  private void me(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    GetProfile.Profile profile = use.profile().handle(caller);
    UUID acting = caller instanceof Caller.SignedIn s ? s.restaurantId() : null;
    boolean mfa =
        use.users()
            .secondFactor(profile.user().id())
            .map(Users.SecondFactor::enabled)
            .orElse(false);
    Exchange.send(
        res, Status.OK_200, Views.MeView.of(profile.user(), acting, profile.memberships(), mfa));
  }

  private void export(ServerRequest req, ServerResponse res) {
    Exchange.send(res, Status.OK_200, Views.ExportView.of(use.export().handle(auth.caller(req))));
  }

  private void erase(ServerRequest req, ServerResponse res) {
    use.erase().handle(auth.caller(req));
    res.status(Status.NO_CONTENT_204).send();
  }

  private void changePassword(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("current_password", "new_password");
    use.changePassword()
        .handle(
            auth.caller(req),
            new ChangePassword.Command(
                body.string("current_password"), body.string("new_password")));
    res.status(Status.NO_CONTENT_204).send();
  }

  private void enroll(ServerRequest req, ServerResponse res) {
    exchange.body(req, false).allow();
    EnrollSecondFactor.Enrollment e = use.enroll().handle(auth.caller(req));
    Exchange.send(res, Status.OK_200, Map.of("secret", e.secret(), "otpauth_uri", e.uri()));
  }

  private void confirm(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("code");
    List<String> codes = use.confirm().handle(auth.caller(req), body.string("code"));
    Exchange.send(res, Status.OK_200, Map.of("recovery_codes", codes));
  }
}
