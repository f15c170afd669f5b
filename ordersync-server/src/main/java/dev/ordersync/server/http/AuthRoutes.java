package dev.ordersync.server.http;

import dev.ordersync.core.user.GetProfile;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.User;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.json.Views;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/auth}: register, log in, read one's profile. */
public final class AuthRoutes implements HttpService {
  private final RegisterUser registerUser;
  private final LogIn logIn;
  private final GetProfile getProfile;
  private final AccessTokens tokens;
  private final Authenticator auth;
  private final Exchange exchange;

  public AuthRoutes(
      RegisterUser registerUser,
      LogIn logIn,
      GetProfile getProfile,
      AccessTokens tokens,
      Authenticator auth,
      int maxBodyBytes) {
    this.registerUser = registerUser;
    this.logIn = logIn;
    this.getProfile = getProfile;
    this.tokens = tokens;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/register", this::register).post("/login", this::login).get("/me", this::me);
  }

  private void register(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("email", "password", "name", "phone", "role");
    User user =
        registerUser.handle(
            new RegisterUser.Command(
                body.string("email"), body.string("password"), body.string("name"), body.string("phone"),
                body.string("role")));
    res.header(HeaderNames.LOCATION, "/api/v1/auth/me");
    Exchange.send(res, Status.CREATED_201, Views.UserView.of(user));
  }

  private void login(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("email", "password", "restaurant_id");
    LogIn.Session session =
        logIn.handle(new LogIn.Command(body.string("email"), body.string("password"), body.uuid("restaurant_id")));
    String token = tokens.issue(session.user().id(), session.user().role(), session.restaurantId());
    Exchange.send(
        res,
        Status.OK_200,
        new Views.TokenView(token, "Bearer", tokens.lifetime().toSeconds(), session.restaurantId()));
  }

  private void me(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    GetProfile.Profile profile = getProfile.handle(caller);
    java.util.UUID acting = caller instanceof dev.ordersync.core.user.Caller.SignedIn s ? s.restaurantId() : null;
    Exchange.send(res, Status.OK_200, Views.MeView.of(profile.user(), acting, profile.memberships()));
  }
}
