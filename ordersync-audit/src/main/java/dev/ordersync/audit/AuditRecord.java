package dev.ordersync.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A sealed record of the log: an {@link AuditEntry} that the sealer has given its place in the
 * chain. Old and new values are as stored, sealed; {@link AuditLog#open(AuditRecord)} opens them.
 *
 * @param sequence its place in the log, from 1, in commit order
 * @param id the identity given at append; the values are sealed to it
 * @param prevHash the {@link #hash} of record {@code sequence - 1}, or {@link Hash#ZERO} for the
 *     first
 * @param hash SHA-256 of {@code prevHash} followed by the record's canonical encoding (see the
 *     module README)
 */
public record AuditRecord(
    long sequence,
    UUID id,
    Instant time,
    Actor actor,
    AuditAction action,
    String entityType,
    String entityId,
    String requestId,
    String traceId,
    String clientAddress,
    byte[] sealedOldValue,
    byte[] sealedNewValue,
    Hash prevHash,
    Hash hash) {
  public AuditRecord {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequences start at 1");
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
    sealedOldValue = sealedOldValue == null ? null : sealedOldValue.clone();
    sealedNewValue = sealedNewValue == null ? null : sealedNewValue.clone();
  }

  @Override
  public byte[] sealedOldValue() {
    return sealedOldValue == null ? null : sealedOldValue.clone();
  }

  @Override
  public byte[] sealedNewValue() {
    return sealedNewValue == null ? null : sealedNewValue.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuditRecord r
        && sequence == r.sequence
        && id.equals(r.id)
        && time.equals(r.time)
        && actor.equals(r.actor)
        && action.equals(r.action)
        && Objects.equals(entityType, r.entityType)
        && Objects.equals(entityId, r.entityId)
        && Objects.equals(requestId, r.requestId)
        && Objects.equals(traceId, r.traceId)
        && Objects.equals(clientAddress, r.clientAddress)
        && Arrays.equals(sealedOldValue, r.sealedOldValue)
        && Arrays.equals(sealedNewValue, r.sealedNewValue)
        && prevHash.equals(r.prevHash)
        && hash.equals(r.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, id, hash);
  }

  @Override
  public String toString() {
    return "AuditRecord[#"
        + sequence
        + " "
        + id
        + " "
        + time
        + " "
        + actor
        + " "
        + action
        + " "
        + entityType
        + "/"
        + entityId
        + " hash="
        + hash
        + "]";
  }
}
