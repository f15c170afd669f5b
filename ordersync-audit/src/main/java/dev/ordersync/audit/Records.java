package dev.ordersync.audit;

import dev.ordersync.audit.internal.Canonical;
import dev.ordersync.audit.internal.RawRecord;
import java.util.UUID;

/** Between the typed records of the API and the raw rows the hashing and the verifier work on. */
final class Records {
  private Records() {}

  static RawRecord raw(AuditRecord r) {
    return new RawRecord(
        r.sequence(),
        r.id(),
        Canonical.micros(r.time()),
        r.actor().kind().name(),
        r.actor().id(),
        r.actor().role(),
        r.actor().restaurant(),
        r.action().name(),
        r.entityType(),
        r.entityId(),
        r.requestId(),
        r.traceId(),
        r.clientAddress(),
        r.sealedOldValue(),
        r.sealedNewValue(),
        r.prevHash().bytes(),
        r.hash().bytes());
  }

  /**
   * A raw row as a typed record; fails, naming the record, if tampering left it outside what the
   * API allows.
   */
  static AuditRecord typed(RawRecord r) {
    try {
      return new AuditRecord(
          r.sequence(),
          r.id(),
          Canonical.instant(r.timeMicros()),
          new Actor(
              Actor.Kind.valueOf(r.actorKind()), r.actorId(), r.actorRole(), r.actorRestaurant()),
          new AuditAction(r.action()),
          r.entityType(),
          r.entityId(),
          r.requestId(),
          r.traceId(),
          r.clientAddress(),
          r.oldValue(),
          r.newValue(),
          Hash.of(r.prevHash()),
          Hash.of(r.hash()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new AuditException(
          "record #"
              + r.sequence()
              + " ("
              + r.id()
              + ") is malformed, so it was altered outside this library: "
              + e.getMessage(),
          e);
    }
  }

  /** What the values of a record are sealed to: one record, one column. */
  static String context(UUID id, String column) {
    return "audit_log/" + id + "/" + column;
  }
}
