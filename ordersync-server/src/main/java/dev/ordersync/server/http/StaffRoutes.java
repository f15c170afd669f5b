package dev.ordersync.server.http;

import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.AccountViews.UserView;
import dev.ordersync.server.json.RestaurantViews.MemberView;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants/me/staff}: the owner adds staff accounts, lists the members, changes a
 * member's role or removes a member.
 */
public final class StaffRoutes implements HttpService {
  private final AddStaff addStaff;
  private final ManageStaff manageStaff;
  private final Authenticator auth;
  private final Exchange exchange;

  public StaffRoutes(
      AddStaff addStaff, ManageStaff manageStaff, Authenticator auth, int maxBodyBytes) {
    this.addStaff = addStaff;
    this.manageStaff = manageStaff;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/me/staff", this::add)
        .get("/me/staff", this::list)
        .patch("/me/staff/{userId}", this::changeRole)
        .delete("/me/staff/{userId}", this::remove);
  }

  private void add(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    addStaff.authorize(caller);
    JsonBody body = exchange.body(req, true).allow("email", "name", "password");
    var staff =
        addStaff.handle(
            caller,
            AddStaff.Command.from(
                body.string("email"), body.string("name"), body.string("password")));
    Exchange.send(res, Status.CREATED_201, UserView.of(staff));
  }

  private void list(ServerRequest req, ServerResponse res) {
    var members = manageStaff.list(auth.caller(req));
    Exchange.send(
        res, Status.OK_200, Map.of("data", members.stream().map(MemberView::of).toList()));
  }

  private void changeRole(ServerRequest req, ServerResponse res) {
    UUID userId = Exchange.pathId(req, "userId");
    var caller = auth.caller(req);
    manageStaff.authorizeChange(caller, userId);
    JsonBody body = exchange.body(req, true).allow("role");
    Exchange.send(
        res,
        Status.OK_200,
        MemberView.of(
            manageStaff.changeRole(
                caller, ManageStaff.RoleChange.from(userId, body.string("role")))));
  }

  private void remove(ServerRequest req, ServerResponse res) {
    UUID userId = Exchange.pathId(req, "userId");
    manageStaff.remove(auth.caller(req), userId);
    res.status(Status.NO_CONTENT_204).send();
  }
}
