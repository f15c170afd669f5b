package dev.ordersync.core.analytics;

import java.util.UUID;

/** The owner's choice of report emails, per restaurant (both on until the owner says otherwise). */
public interface ReportSettings {
  /** Which reports the restaurant's owner gets. */
  record Choices(boolean daily, boolean weekly) {
    public static final Choices DEFAULT = new Choices(true, true);
  }

  Choices of(UUID restaurantId);

  void save(UUID restaurantId, Choices choices);
}
