package dev.ordersync.sdk;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the restaurant's orders to list. Every field is optional: all statuses, any time, the
 * server's page size.
 *
 * <pre>{@code
 * ListOrdersParams.builder().statuses(OrderStatus.PLACED, OrderStatus.ACCEPTED).limit(50).build()
 * }</pre>
 *
 * @param statuses only orders in these statuses; empty for all
 * @param from only orders created at or after this instant, or null
 * @param to only orders created before this instant, or null
 * @param limit page size (the server allows 1 to 200), or null for its default
 * @param cursor where the page starts: a {@link Page#nextCursor()}, or null for the newest orders
 */
public record ListOrdersParams(
    Set<OrderStatus> statuses, Instant from, Instant to, Integer limit, String cursor) {
  public ListOrdersParams {
    EnumSet<OrderStatus> copy = EnumSet.noneOf(OrderStatus.class);
    if (statuses != null) {
      copy.addAll(statuses);
    }
    if (copy.contains(OrderStatus.UNKNOWN)) {
      throw new IllegalArgumentException("UNKNOWN cannot be used as a filter");
    }
    statuses = Collections.unmodifiableSet(copy);
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }

  /** Every order, newest first, in pages of the server's default size. */
  public static ListOrdersParams all() {
    return new ListOrdersParams(null, null, null, null, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same query, starting at another page. */
  public ListOrdersParams withCursor(String cursor) {
    return new ListOrdersParams(statuses, from, to, limit, cursor);
  }

  /** Collects the filters. */
  public static final class Builder {
    private final EnumSet<OrderStatus> statuses = EnumSet.noneOf(OrderStatus.class);
    private Instant from;
    private Instant to;
    private Integer limit;
    private String cursor;

    private Builder() {}

    public Builder statuses(OrderStatus... statuses) {
      this.statuses.addAll(List.of(statuses));
      return this;
    }

    public Builder from(Instant from) {
      this.from = from;
      return this;
    }

    public Builder to(Instant to) {
      this.to = to;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    public ListOrdersParams build() {
      return new ListOrdersParams(statuses, from, to, limit, cursor);
    }
  }
}
