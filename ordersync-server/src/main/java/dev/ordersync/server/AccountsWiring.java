package dev.ordersync.server;

import dev.ordersync.core.privacy.EraseMe;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.ConfirmSecondFactor;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.EnrollSecondFactor;
import dev.ordersync.core.user.GetProfile;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LogOut;
import dev.ordersync.core.user.RefreshSession;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.RevokeUserSessions;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.http.AuthRoutes;
import dev.ordersync.server.http.WellKnownRoutes;

/**
 * Accounts and sessions: registering, logging in (guarded against guessing), second factors,
 * refreshing and ending sessions, a person's own data (export, erasure), the public keys of the
 * access tokens, and what administrators do (revoke a user's sessions, read and verify the audit
 * trail).
 */
record AccountsWiring(
    RegisterUser registerUser,
    CreateAdmin createAdmin,
    AuthRoutes routes,
    WellKnownRoutes wellKnown,
    AdminRoutes admin) {

  static AccountsWiring wire(
      Infrastructure infra,
      Adapters a,
      Credentials c,
      AuthRoutes.LoginGuard loginGuard,
      AdminRoutes.AuditVerification audit) {
    var tx = infra.tx();
    var clock = infra.clock();
    int maxBody = infra.maxBodyBytes();
    var registerUser = new RegisterUser(a.users(), c.hasher(), c.policy(), tx, clock);
    var routes =
        new AuthRoutes(
            useCases(infra, a, c, registerUser), c.accessTokens(), c.auth(), maxBody, loginGuard);
    var admin =
        new AdminRoutes(
            new RevokeUserSessions(a.users(), a.sessions(), a.securityEvents(), tx, clock),
            audit,
            c.auth(),
            maxBody);
    return new AccountsWiring(
        registerUser,
        new CreateAdmin(a.users(), c.hasher(), c.policy(), a.securityEvents(), tx, clock),
        routes,
        new WellKnownRoutes(c.accessTokens()),
        admin);
  }

  private static AuthRoutes.UseCases useCases(
      Infrastructure infra, Adapters a, Credentials c, RegisterUser registerUser) {
    var tx = infra.tx();
    var clock = infra.clock();
    var users = a.users();
    var sessions = a.sessions();
    var events = a.securityEvents();
    return new AuthRoutes.UseCases(
        registerUser,
        new LogIn(users, c.hasher(), sessions, events, tx, clock),
        new CompleteSecondFactor(users, c.secretSealer(), sessions, events, tx, clock),
        new RefreshSession(sessions, users, events, tx, clock),
        new LogOut(sessions, tx, clock),
        new GetProfile(users),
        new ChangePassword(users, c.hasher(), c.policy(), sessions, events, tx, clock),
        new EnrollSecondFactor(users, c.secretSealer(), tx),
        new ConfirmSecondFactor(users, c.secretSealer(), events, tx, clock),
        new ExportMyData(users, a.orders(), sessions),
        new EraseMe(users, a.orders(), sessions, events, tx, clock),
        users);
  }
}
