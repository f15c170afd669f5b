package dev.ordersync.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Which sealed records to list, for an administrator: filters that combine with AND, an order, a
 * page size, and a cursor (a sequence number, like Stripe's {@code starting_after}). Immutable;
 * each method returns a changed copy.
 *
 * <pre>{@code
 * AuditQuery q = AuditQuery.all().entity("order", orderId).newestFirst().limit(20);
 * AuditPage page = log.query(connection, q);
 * if (page.hasMore()) page = log.query(connection, q.startingAfter(page.nextCursor().getAsLong()));
 * }</pre>
 */
public final class AuditQuery {
  public static final int MAX_LIMIT = 1000;

  // Read by AuditLog; only ever set on a fresh copy, so instances never change once handed out.
  String entityType;
  String entityId;
  String actorId;
  String restaurant;
  AuditAction action;
  Instant from;
  Instant until;
  boolean newestFirst;
  Long startingAfter;
  int limit = 50;

  private AuditQuery() {}

  /** Every record, oldest first, 50 a page. */
  public static AuditQuery all() {
    return new AuditQuery();
  }

  /** Records about one entity; {@code id} may be null for every entity of the type. */
  public AuditQuery entity(String type, String id) {
    AuditQuery q = copy();
    q.entityType = Objects.requireNonNull(type, "type");
    q.entityId = id;
    return q;
  }

  public AuditQuery actor(String actorId) {
    AuditQuery q = copy();
    q.actorId = Objects.requireNonNull(actorId, "actorId");
    return q;
  }

  /** Records of actors acting for one restaurant. */
  public AuditQuery restaurant(String restaurant) {
    AuditQuery q = copy();
    q.restaurant = Objects.requireNonNull(restaurant, "restaurant");
    return q;
  }

  public AuditQuery action(AuditAction action) {
    AuditQuery q = copy();
    q.action = Objects.requireNonNull(action, "action");
    return q;
  }

  /** Records with {@code from <= time < until}; either bound may be null. */
  public AuditQuery between(Instant from, Instant until) {
    if (from != null && until != null && !from.isBefore(until)) {
      throw new IllegalArgumentException("from must be before until");
    }
    AuditQuery q = copy();
    q.from = from;
    q.until = until;
    return q;
  }

  public AuditQuery newestFirst() {
    AuditQuery q = copy();
    q.newestFirst = true;
    return q;
  }

  /** Continue after the record with this sequence number, in the query's order. */
  public AuditQuery startingAfter(long sequence) {
    AuditQuery q = copy();
    q.startingAfter = sequence;
    return q;
  }

  public AuditQuery limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " records");
    }
    AuditQuery q = copy();
    q.limit = limit;
    return q;
  }

  private AuditQuery copy() {
    AuditQuery q = new AuditQuery();
    q.entityType = entityType;
    q.entityId = entityId;
    q.actorId = actorId;
    q.restaurant = restaurant;
    q.action = action;
    q.from = from;
    q.until = until;
    q.newestFirst = newestFirst;
    q.startingAfter = startingAfter;
    q.limit = limit;
    return q;
  }
}
