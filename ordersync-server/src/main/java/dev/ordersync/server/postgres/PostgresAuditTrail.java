package dev.ordersync.server.postgres;

import dev.ordersync.audit.Actor;
import dev.ordersync.audit.AuditAction;
import dev.ordersync.audit.AuditEntry;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.context.RequestContext;
import java.util.Optional;

/**
 * Appends audit records (ordersync-audit) in the current unit of work, so each commits with the
 * change it describes. The actor, request id, trace id and client address come from the request
 * being handled ({@link RequestContext}, bound for the request's extent and, under group commit,
 * for its unit of work on the lane); outside a request the actor is the server itself.
 */
public final class PostgresAuditTrail {
  private final JdbcTransactions tx;
  private final AuditLog log;
  private final boolean enabled;

  public PostgresAuditTrail(JdbcTransactions tx, AuditLog log) {
    this(tx, log, true);
  }

  /**
   * {@code enabled = false} appends nothing: only for measuring what auditing costs
   * (ORDERSYNC_AUDIT=off), never for production.
   */
  public PostgresAuditTrail(JdbcTransactions tx, AuditLog log, boolean enabled) {
    this.tx = tx;
    this.log = log;
    this.enabled = enabled;
  }

  public void record(
      String action, String entityType, String entityId, String oldValue, String newValue) {
    Optional<RequestContext> request = RequestContext.current();
    Actor actor = request.map(i -> actorOf(i.caller())).orElse(Actor.system("ordersync-server"));
    append(actor, request, action, entityType, entityId, oldValue, newValue);
  }

  /**
   * Appends a record of what {@code caller} did, with the request's id and address when one is
   * being handled: for work whose caller is known but not (or not yet) the request context's, such
   * as a socket's reads.
   */
  public void recordBy(
      Caller caller, String action, String entityType, String entityId, String newValue) {
    append(actorOf(caller), RequestContext.current(), action, entityType, entityId, null, newValue);
  }

  private void append(
      Actor actor,
      Optional<RequestContext> request,
      String action,
      String entityType,
      String entityId,
      String oldValue,
      String newValue) {
    if (!enabled) {
      return;
    }
    AuditEntry entry =
        AuditEntry.of(actor, new AuditAction(action))
            .about(entityType, entityId)
            .values(oldValue, newValue);
    if (request.isPresent()) {
      entry =
          entry.request(
              request.get().requestId(), request.get().traceId(), request.get().clientAddress());
    }
    AuditEntry appended = entry;
    tx.withConnection(c -> log.append(c, appended));
  }

  /**
   * Appends a record for an actor that is not the current request's caller (an operator's command).
   */
  public void recordAs(
      Actor actor,
      String action,
      String entityType,
      String entityId,
      String oldValue,
      String newValue) {
    if (!enabled) {
      return;
    }
    AuditEntry entry =
        AuditEntry.of(actor, new AuditAction(action))
            .about(entityType, entityId)
            .values(oldValue, newValue);
    tx.withConnection(c -> log.append(c, entry));
  }

  private static Actor actorOf(Caller caller) {
    return switch (caller) {
      case Caller.SignedIn s ->
          Actor.user(
              s.userId().toString(),
              s.role().name(),
              s.restaurantId() == null ? null : s.restaurantId().toString());
      case null -> Actor.anonymous();
      default -> Actor.anonymous();
    };
  }
}
