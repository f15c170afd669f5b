package dev.ordersync.core.user;

import java.time.Instant;
import java.util.UUID;

/**
 * The devices and addresses each account has logged in from, so that a login from somewhere new can
 * be told to the account's owner. A login is familiar when it comes from a device the account used
 * before or from an address it used before (decision 0044-notify-messages).
 */
public interface KnownDevices {
  /** How a login's place compares with the account's earlier ones. */
  enum Sighting {
    /** The account had never logged in (from anywhere this store knows of). */
    FIRST_LOGIN,
    /** Its device or its address was seen before. */
    FAMILIAR,
    /** The account has logged in before, but from neither this device nor this address. */
    NEW
  }

  /**
   * Compares {@code place} with the places the account logged in from, then remembers it; in the
   * unit of work of the login.
   */
  Sighting sighted(UUID userId, LoginPlace place, Instant at);

  /** Forgets every place of the account (its erasure). */
  void forget(UUID userId);

  /** Remembers nothing: every login is familiar. */
  static KnownDevices none() {
    return new KnownDevices() {
      @Override
      public Sighting sighted(UUID userId, LoginPlace place, Instant at) {
        return Sighting.FAMILIAR;
      }

      @Override
      public void forget(UUID userId) {}
    };
  }
}
