package dev.ordersync.core.user;

import java.util.UUID;

/**
 * The associated data a user's TOTP secret is sealed under, so it cannot be moved to another
 * account.
 */
final class TotpContext {
  private TotpContext() {}

  static String of(UUID userId) {
    return "users.mfa_secret:" + userId;
  }
}
