package dev.ordersync.core.user;

import java.time.Clock;
import java.util.UUID;

/**
 * What every completed login does besides opening its session: remembers where it came from and,
 * when the account had logged in before but from neither this device nor this address, tells the
 * account's owner. The first login of an account tells no one: there is nothing to compare with.
 */
final class LoginWatch {
  private final KnownDevices known;
  private final AccountAlerts alerts;
  private final Clock clock;

  LoginWatch(KnownDevices known, AccountAlerts alerts, Clock clock) {
    this.known = known;
    this.alerts = alerts;
    this.clock = clock;
  }

  static LoginWatch none(Clock clock) {
    return new LoginWatch(KnownDevices.none(), AccountAlerts.none(), clock);
  }

  /** In the login's unit of work, once its session is open. */
  void loggedIn(User user, LoginPlace place, UUID sessionId) {
    if (place == null || !place.known()) {
      return;
    }
    var at = clock.instant();
    if (known.sighted(user.id(), place, at) == KnownDevices.Sighting.NEW) {
      alerts.newDeviceLogin(user, place, sessionId, at);
    }
  }
}
