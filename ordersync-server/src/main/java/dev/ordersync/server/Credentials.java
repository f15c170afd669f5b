package dev.ordersync.server;

import dev.ordersync.core.user.PasswordHasher;
import dev.ordersync.core.user.PasswordPolicy;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.server.auth.AccessTokens;
import dev.ordersync.server.auth.Argon2idPasswordHasher;
import dev.ordersync.server.auth.OrderTokens;
import dev.ordersync.server.auth.TinkSecretSealer;
import dev.ordersync.server.auth.ZxcvbnCommonPasswords;
import dev.ordersync.server.edge.Authenticator;

/**
 * How callers prove who they are, shared by the features: passwords (hashed, checked against the
 * policy), second-factor secrets sealed with the server's keys, access and order tokens, and the
 * authenticator every route asks.
 */
record Credentials(
    PasswordHasher hasher,
    PasswordPolicy policy,
    TinkSecretSealer secretSealer,
    AccessTokens accessTokens,
    OrderTokens orderTokens,
    Authenticator auth) {

  static Credentials wire(Infrastructure infra, Sessions sessions) {
    var keys = infra.keys();
    var accessTokens = new AccessTokens(keys, infra.clock(), infra.config().accessTokenLifetime());
    var orderTokens = new OrderTokens(keys);
    return new Credentials(
        new Argon2idPasswordHasher(),
        new PasswordPolicy(new ZxcvbnCommonPasswords()),
        new TinkSecretSealer(keys),
        accessTokens,
        orderTokens,
        new Authenticator(accessTokens, orderTokens, sessions, infra.clock()));
  }
}
