package dev.ordersync.audit;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of an {@link AuditQuery}.
 *
 * @param hasMore whether another page follows; ask for it with {@code
 *     query.startingAfter(page.nextCursor())}
 */
public record AuditPage(List<AuditRecord> records, boolean hasMore) {
  public AuditPage {
    records = List.copyOf(records);
  }

  /** The sequence number to continue after, if there is more. */
  public OptionalLong nextCursor() {
    return hasMore && !records.isEmpty()
        ? OptionalLong.of(records.get(records.size() - 1).sequence())
        : OptionalLong.empty();
  }
}
