package dev.ordersync.server;

import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Every security event (log-ins, failed log-ins, refreshed or replayed tokens, password and
 * second-factor changes, revocations, erasures) is stored with the account and also leaves an audit
 * record in the same transaction, so the tamper-evident trail holds them too.
 */
final class SecurityEventsAudited implements SecurityEvents {
  private final SecurityEvents stored;
  private final PostgresAuditTrail audit;

  SecurityEventsAudited(SecurityEvents stored, PostgresAuditTrail audit) {
    this.stored = stored;
    this.audit = audit;
  }

  @Override
  public void record(String type, UUID userId, UUID sessionId, Map<String, String> detail) {
    stored.record(type, userId, sessionId, detail);
    audit.record(
        type.toUpperCase(Locale.ROOT),
        "user",
        userId == null ? null : userId.toString(),
        null,
        Json.text(detail));
  }
}
