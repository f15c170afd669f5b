package dev.ordersync.audit;

import dev.ordersync.audit.internal.ChainVerifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Checks sealed records against their hash chain and against signed checkpoints, and names what was
 * changed, deleted, inserted, moved or cut off. Works on records from anywhere: {@link
 * AuditLog#verify} feeds it from the database, a tool can feed it an export.
 *
 * <p>Trust comes from the checkpoints, so take them from copies kept outside the database, verified
 * with {@link CheckpointVerifier}. Without any, a tamperer who recomputes every hash after a change
 * leaves a chain that holds.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  public static Verification verify(
      Collection<AuditRecord> records, Collection<Checkpoint> checkpoints) {
    List<AuditRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingLong(AuditRecord::sequence));
    ChainVerifier.Source<RuntimeException> source =
        each -> sorted.forEach(r -> each.accept(Records.raw(r)));
    return toVerification(ChainVerifier.verify(source, roots(checkpoints)));
  }

  static List<ChainVerifier.Root> roots(Collection<Checkpoint> checkpoints) {
    return checkpoints.stream()
        .map(c -> new ChainVerifier.Root(c.size(), c.root().bytes()))
        .toList();
  }

  static Verification toVerification(ChainVerifier.Result result) {
    return new Verification(
        result.records(),
        result.issues().stream()
            .map(
                i ->
                    new Verification.Finding(
                        Verification.Kind.valueOf(i.kind().name()),
                        i.sequence(),
                        i.recordId(),
                        i.detail()))
            .toList());
  }
}
