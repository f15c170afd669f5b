package dev.ordersync.core.user;

import java.time.Instant;
import java.util.UUID;

/**
 * What an account's owner is told of by email when something about their account's security or
 * their restaurant's staff changes. Called in the unit of work of the change, so the message is
 * recorded exactly when the change is.
 */
public interface AccountAlerts {
  /** {@code user} logged in from a device and an address the account had not used before. */
  void newDeviceLogin(User user, LoginPlace place, UUID sessionId, Instant at);

  /** {@code user}'s password was changed. */
  void passwordChanged(User user, Instant at);

  /** Two-factor login was turned off on {@code user}'s account. */
  void secondFactorDisabled(User user, Instant at);

  /** {@code staff} was added to the staff of {@code restaurantId}: its owners are told. */
  void staffAdded(UUID restaurantId, User staff, UUID addedBy, Instant at);

  /** Tells no one. */
  static AccountAlerts none() {
    return new AccountAlerts() {
      @Override
      public void newDeviceLogin(User user, LoginPlace place, UUID sessionId, Instant at) {}

      @Override
      public void passwordChanged(User user, Instant at) {}

      @Override
      public void secondFactorDisabled(User user, Instant at) {}

      @Override
      public void staffAdded(UUID restaurantId, User staff, UUID addedBy, Instant at) {}
    };
  }
}
