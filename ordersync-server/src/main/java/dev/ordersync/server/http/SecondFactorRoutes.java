package dev.ordersync.server.http;

import dev.ordersync.core.user.ConfirmSecondFactor;
import dev.ordersync.core.user.DisableSecondFactor;
import dev.ordersync.core.user.EnrollSecondFactor;
import dev.ordersync.server.edge.Authenticator;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/auth/mfa/totp}: a user enrols an authenticator app, then turns the second factor
 * on with its first code and receives the recovery codes, once; and turns it off again with their
 * password.
 */
public final class SecondFactorRoutes implements HttpService {
  private final EnrollSecondFactor enroll;
  private final ConfirmSecondFactor confirm;
  private final DisableSecondFactor disable;
  private final Authenticator auth;
  private final Exchange exchange;

  public SecondFactorRoutes(
      EnrollSecondFactor enroll,
      ConfirmSecondFactor confirm,
      DisableSecondFactor disable,
      Authenticator auth,
      int maxBodyBytes) {
    this.enroll = enroll;
    this.confirm = confirm;
    this.disable = disable;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/mfa/totp", this::enrol)
        .post("/mfa/totp/confirm", this::turnOn)
        .delete("/mfa/totp", this::turnOff);
  }

  private void enrol(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    enroll.authorize(caller);
    exchange.body(req, false).allow();
    EnrollSecondFactor.Enrollment e = enroll.handle(caller);
    Exchange.send(res, Status.OK_200, Map.of("secret", e.secret(), "otpauth_uri", e.uri()));
  }

  private void turnOn(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    confirm.authorize(caller);
    JsonBody body = exchange.body(req, true).allow("code");
    List<String> codes = confirm.handle(caller, body.string("code"));
    Exchange.send(res, Status.OK_200, Map.of("recovery_codes", codes));
  }

  private void turnOff(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    disable.authorize(caller);
    JsonBody body = exchange.body(req, true).allow("password");
    disable.handle(caller, body.string("password"));
    res.status(Status.NO_CONTENT_204).send();
  }
}
