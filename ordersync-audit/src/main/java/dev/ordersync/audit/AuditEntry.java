package dev.ordersync.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a caller appends: who did what to which entity, from which request, with the entity's values
 * before and after in plain text (typically JSON). The values are sealed through the log's {@link
 * ValueSealer} before they reach the database; nothing else here is secret.
 *
 * <p>Start with {@link #of(Actor, AuditAction)} and add what you know:
 *
 * <pre>{@code
 * AuditEntry.of(Actor.user(userId, "OWNER", restaurantId), AuditAction.ACCEPT_ORDER)
 *     .about("order", orderId)
 *     .request(requestId, traceId, clientAddress)
 *     .values(beforeJson, afterJson)
 * }</pre>
 *
 * @param time when it happened; null means "when appended", by the log's clock. Kept to the
 *     microsecond, as PostgreSQL keeps it.
 */
public record AuditEntry(
    Instant time,
    Actor actor,
    AuditAction action,
    String entityType,
    String entityId,
    String requestId,
    String traceId,
    String clientAddress,
    String oldValue,
    String newValue) {
  /**
   * Values above this are refused: an audit record describes a change, it is not a place to store
   * documents.
   */
  public static final int MAX_VALUE_BYTES = 256 * 1024;

  public AuditEntry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    time = time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    entityType = Text.optional("entity type", entityType, 64);
    entityId = Text.optional("entity id", entityId, 128);
    if (entityId != null && entityType == null) {
      throw new IllegalArgumentException("an entity id needs an entity type");
    }
    requestId = Text.optional("request id", requestId, 128);
    traceId = Text.optional("trace id", traceId, 128);
    clientAddress = Text.optional("client address", clientAddress, 64);
    checkValue("old value", oldValue);
    checkValue("new value", newValue);
  }

  public static AuditEntry of(Actor actor, AuditAction action) {
    return new AuditEntry(null, actor, action, null, null, null, null, null, null, null);
  }

  /**
   * The entity acted on, such as {@code ("order", orderId)}; the id may be null when there is none
   * (a failed login).
   */
  public AuditEntry about(String type, String id) {
    return new AuditEntry(
        time, actor, action, type, id, requestId, traceId, clientAddress, oldValue, newValue);
  }

  public AuditEntry request(String requestId, String traceId, String clientAddress) {
    return new AuditEntry(
        time,
        actor,
        action,
        entityType,
        entityId,
        requestId,
        traceId,
        clientAddress,
        oldValue,
        newValue);
  }

  /**
   * The entity's values before and after (either may be null: nothing before a creation, nothing
   * after an erasure).
   */
  public AuditEntry values(String oldValue, String newValue) {
    return new AuditEntry(
        time,
        actor,
        action,
        entityType,
        entityId,
        requestId,
        traceId,
        clientAddress,
        oldValue,
        newValue);
  }

  public AuditEntry at(Instant time) {
    return new AuditEntry(
        time,
        actor,
        action,
        entityType,
        entityId,
        requestId,
        traceId,
        clientAddress,
        oldValue,
        newValue);
  }

  private static void checkValue(String field, String value) {
    if (value != null && value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(field + " is larger than " + MAX_VALUE_BYTES + " bytes");
    }
  }
}
