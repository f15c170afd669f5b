package dev.ordersync.server.http;

import dev.ordersync.core.privacy.EraseMe;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.GetProfile;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.User;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.AccountViews.ExportView;
import dev.ordersync.server.json.AccountViews.MeView;
import dev.ordersync.server.json.AccountViews.UserView;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/**
 * {@code /api/v1/auth}: an account, registered, read by its user ({@code /me}), exported, erased,
 * and its password changed. Every route here is a row of docs/security.md.
 */
public final class AccountRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      RegisterUser register,
      GetProfile profile,
      ExportMyData export,
      EraseMe erase,
      ChangePassword changePassword) {}

  /**
   * Registration throttling: checked for every attempt before the password is hashed; refuses with
   * a ThrottledException (429 with Retry-After).
   */
  public interface RegistrationGuard {
    void check(String email, String address);

    /**
     * The client address an attempt is counted against (behind a trusted proxy, the forwarded one).
     */
    default String address(ServerRequest req) {
      return ClientAddress.of(req);
    }

    static RegistrationGuard none() {
      return (email, address) -> {};
    }
  }

  private final UseCases use;
  private final Authenticator auth;
  private final Exchange exchange;
  private final RegistrationGuard guard;

  public AccountRoutes(
      UseCases use, Authenticator auth, int maxBodyBytes, RegistrationGuard guard) {
    this.use = use;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
    this.guard = guard;
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/register", this::register)
        .get("/me", this::me)
        .get("/me/export", this::export)
        .delete("/me", this::erase)
        .post("/password", this::changePassword);
  }

  private void register(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("email", "password", "name", "phone", "role");
    guard.check(body.string("email"), guard.address(req));
    // A taken email is answered like a new account (RegisterUser): nothing here may differ.
    User user =
        use.register()
            .handle(
                RegisterUser.Command.from(
                    body.string("email"),
                    body.string("password"),
                    body.string("name"),
                    body.string("phone"),
                    body.string("role")))
            .shown();
    res.header(HeaderNames.LOCATION, "/api/v1/auth/me");
    Exchange.send(res, Status.CREATED_201, UserView.of(user));
  }

  private void me(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    GetProfile.Profile profile = use.profile().handle(caller);
    UUID acting = caller instanceof Caller.SignedIn s ? s.restaurantId() : null;
    Exchange.send(
        res,
        Status.OK_200,
        MeView.of(profile.user(), acting, profile.memberships(), profile.secondFactorEnabled()));
  }

  private void export(ServerRequest req, ServerResponse res) {
    Exchange.send(res, Status.OK_200, ExportView.of(use.export().handle(auth.caller(req))));
  }

  private void erase(ServerRequest req, ServerResponse res) {
    use.erase().handle(auth.caller(req));
    res.status(Status.NO_CONTENT_204).send();
  }

  private void changePassword(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    use.changePassword().authorize(caller);
    JsonBody body = exchange.body(req, true).allow("current_password", "new_password");
    use.changePassword()
        .handle(
            caller,
            new ChangePassword.Command(
                body.string("current_password"), body.string("new_password")));
    res.status(Status.NO_CONTENT_204).send();
  }
}
