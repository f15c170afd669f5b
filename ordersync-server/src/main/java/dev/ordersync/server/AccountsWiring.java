package dev.ordersync.server;

import dev.ordersync.core.privacy.EraseMe;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.ConfirmSecondFactor;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.DisableSecondFactor;
import dev.ordersync.core.user.EnrollSecondFactor;
import dev.ordersync.core.user.GetProfile;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LogOut;
import dev.ordersync.core.user.RefreshSession;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.RevokeUserSessions;
import dev.ordersync.server.http.AccountRoutes;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.http.AuthRoutes;
import dev.ordersync.server.http.SecondFactorRoutes;
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
    AuthRoutes sessions,
    AccountRoutes accounts,
    SecondFactorRoutes secondFactor,
    WellKnownRoutes wellKnown,
    AdminRoutes admin) {

  static AccountsWiring wire(
      Infrastructure infra,
      Adapters a,
      Credentials c,
      AuthRoutes.LoginGuard loginGuard,
      AccountRoutes.RegistrationGuard registrationGuard,
      AdminRoutes.AuditVerification audit) {
    var tx = infra.tx();
    var clock = infra.clock();
    int maxBody = infra.maxBodyBytes();
    var registerUser =
        new RegisterUser(a.users(), c.hasher(), c.policy(), a.securityEvents(), tx, clock);
    var users = a.users();
    var sessions = a.sessions();
    var events = a.securityEvents();
    var sessionRoutes =
        new AuthRoutes(
            new AuthRoutes.UseCases(
                new LogIn(
                    users,
                    c.hasher(),
                    sessions,
                    events,
                    a.knownDevices(),
                    a.accountAlerts(),
                    tx,
                    clock),
                new CompleteSecondFactor(
                    users,
                    c.secretSealer(),
                    sessions,
                    events,
                    a.knownDevices(),
                    a.accountAlerts(),
                    tx,
                    clock),
                new RefreshSession(sessions, users, events, tx, clock),
                new LogOut(sessions, tx, clock)),
            c.accessTokens(),
            c.auth(),
            maxBody,
            loginGuard);
    var secondFactor =
        new SecondFactorRoutes(
            new EnrollSecondFactor(users, c.secretSealer(), tx),
            new ConfirmSecondFactor(users, c.secretSealer(), events, tx, clock),
            new DisableSecondFactor(users, c.hasher(), events, a.accountAlerts(), tx, clock),
            c.auth(),
            maxBody);
    var admin =
        new AdminRoutes(
            new RevokeUserSessions(a.users(), a.sessions(), a.securityEvents(), tx, clock),
            audit,
            c.auth(),
            maxBody);
    return new AccountsWiring(
        registerUser,
        new CreateAdmin(a.users(), c.hasher(), c.policy(), a.securityEvents(), tx, clock),
        sessionRoutes,
        new AccountRoutes(
            accountUseCases(infra, a, c, registerUser), c.auth(), maxBody, registrationGuard),
        secondFactor,
        new WellKnownRoutes(c.accessTokens()),
        admin);
  }

  private static AccountRoutes.UseCases accountUseCases(
      Infrastructure infra, Adapters a, Credentials c, RegisterUser registerUser) {
    var tx = infra.tx();
    var clock = infra.clock();
    var users = a.users();
    var sessions = a.sessions();
    var events = a.securityEvents();
    return new AccountRoutes.UseCases(
        registerUser,
        new GetProfile(users),
        new ExportMyData(users, a.orders(), sessions, a.personalDataReads()),
        new EraseMe(users, a.orders(), sessions, events, tx, clock),
        new ChangePassword(
            users, c.hasher(), c.policy(), sessions, events, a.accountAlerts(), tx, clock));
  }
}
