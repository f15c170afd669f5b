package dev.ordersync.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sold-out toggle (OWNER and STAFF): only an item's {@code available} and {@code stock}.
 *
 * <pre>{@code
 * UpdateAvailabilityRequest.builder().stock(0).build()          // sold out
 * UpdateAvailabilityRequest.builder().available(true).stockNotCounted().build()
 * }</pre>
 */
public final class UpdateAvailabilityRequest {
  private final Map<String, Object> fields;

  private UpdateAvailabilityRequest(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Builder builder() {
    return new Builder();
  }

  Map<String, Object> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateAvailabilityRequest other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "UpdateAvailabilityRequest" + fields;
  }

  /** Collects the change. */
  public static final class Builder {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder() {}

    public Builder available(boolean available) {
      fields.put("available", available);
      return this;
    }

    /** How many are left; 0 is sold out. */
    public Builder stock(int stock) {
      if (stock < 0) {
        throw new IllegalArgumentException("stock must not be negative");
      }
      fields.put("stock", stock);
      return this;
    }

    /** Stop counting the stock. */
    public Builder stockNotCounted() {
      fields.put("stock", null);
      return this;
    }

    public UpdateAvailabilityRequest build() {
      if (fields.isEmpty()) {
        throw new IllegalStateException("set available or stock");
      }
      return new UpdateAvailabilityRequest(fields);
    }
  }
}
