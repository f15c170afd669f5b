package dev.ordersync.audit.internal;

import java.util.UUID;

/**
 * A record exactly as stored, before anything is checked: the verifier must be able to read rows
 * that an attacker made nonsensical (a wrong-sized hash, an action that is no longer a valid name),
 * so nothing here is validated.
 */
public record RawRecord(
    long sequence,
    UUID id,
    long timeMicros,
    String actorKind,
    String actorId,
    String actorRole,
    String actorRestaurant,
    String action,
    String entityType,
    String entityId,
    String requestId,
    String traceId,
    String clientAddress,
    byte[] oldValue,
    byte[] newValue,
    byte[] prevHash,
    byte[] hash) {}
