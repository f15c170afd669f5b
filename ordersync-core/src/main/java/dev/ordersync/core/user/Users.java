package dev.ordersync.core.user;

import dev.ordersync.core.shared.EmailAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The accounts, their restaurant memberships and their second factors. */
public interface Users {
  /** Adds a new account; a {@code Conflict("email_taken")} if the email is already registered. */
  void add(User user);

  Optional<User> byId(UUID id);

  Optional<User> byEmail(EmailAddress email);

  void addMembership(Membership membership);

  List<Membership> memberships(UUID userId);

  Optional<Membership> membership(UUID userId, UUID restaurantId);

  /** The owners of a restaurant. */
  List<UUID> owners(UUID restaurantId);

  /** Everyone who belongs to a restaurant. */
  List<Membership> members(UUID restaurantId);

  /** Returns whether there was such a membership. */
  boolean removeMembership(UUID userId, UUID restaurantId);

  void changePassword(UUID userId, String passwordHash, Instant at);

  /**
   * A user's TOTP state: the sealed secret, whether it is confirmed, and the last time step a code
   * was used for.
   */
  record SecondFactor(byte[] sealedSecret, boolean enabled, long lastUsedStep) {}

  Optional<SecondFactor> secondFactor(UUID userId);

  /** Stores a new, not yet confirmed secret (replacing an unconfirmed one). */
  void saveSecondFactorSecret(UUID userId, byte[] sealedSecret);

  /** Turns the second factor on and replaces the recovery codes, stored as hashes. */
  void enableSecondFactor(UUID userId, long usedStep, List<byte[]> recoveryCodeHashes);

  /** Turns the second factor off: its secret and its recovery codes are deleted. */
  void disableSecondFactor(UUID userId);

  /** Records a code's time step as used, if it is later than the last used one; atomic. */
  boolean useTotpStep(UUID userId, long step);

  /** Spends a recovery code, if it exists and is unspent; atomic. */
  boolean useRecoveryCode(UUID userId, byte[] codeHash);

  /** How many recovery codes are left. */
  int recoveryCodesLeft(UUID userId);

  /**
   * Overwrites the account's personal data (email, name, phone, password, second factor) so it
   * cannot be read back or used to log in, and removes its memberships. The row stays so that
   * business records keep their references.
   */
  void erase(UUID userId, Instant at);
}
