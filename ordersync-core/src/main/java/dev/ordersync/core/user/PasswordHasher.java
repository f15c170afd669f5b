package dev.ordersync.core.user;

/** Turns passwords into slow, salted hashes and checks them. */
public interface PasswordHasher {
  String hash(String password);

  boolean matches(String password, String encodedHash);

  /**
   * Spends the time of one verification without a stored hash, so that logging in with an unknown
   * email takes as long as with a wrong password and does not reveal which accounts exist.
   */
  void burnEquivalentTime(String password);
}
