package dev.ordersync.sdk;

import java.util.List;

/**
 * The audit trail's check ({@code GET /admin/audit/verify}).
 *
 * @param intact whether every record and checkpoint verified
 * @param records how many records were read
 * @param checkpoints how many signed checkpoints were checked
 * @param findings what did not verify, if anything
 */
public record AuditVerification(
    boolean intact, long records, long checkpoints, List<AuditVerification.Finding> findings) {
  public AuditVerification {
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** One thing that did not verify. */
  public record Finding(String kind, Long sequence, String recordId, String detail) {}
}
