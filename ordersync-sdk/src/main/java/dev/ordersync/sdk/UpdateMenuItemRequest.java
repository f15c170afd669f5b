package dev.ordersync.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A change to a menu item: only what is set here changes. The category, the description and the
 * stock can also be removed ({@link Builder#noCategory()}, {@link Builder#noDescription()}, {@link
 * Builder#stockNotCounted()}), which is different from leaving them as they are.
 *
 * <pre>{@code
 * UpdateMenuItemRequest.builder().price(9_500).stockNotCounted().build()
 * }</pre>
 */
public final class UpdateMenuItemRequest {
  private final Map<String, Object> fields;

  private UpdateMenuItemRequest(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JSON members to send, snake_case; a null value clears the field on the server. */
  Map<String, Object> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateMenuItemRequest other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "UpdateMenuItemRequest" + fields;
  }

  /** Collects the changes. Each setter replaces an earlier call for the same field. */
  public static final class Builder {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder() {}

    public Builder name(String name) {
      fields.put("name", Objects.requireNonNull(name, "name"));
      return this;
    }

    /** The new price in won. */
    public Builder price(long price) {
      if (price < 0) {
        throw new IllegalArgumentException("price must not be negative");
      }
      fields.put("price", price);
      return this;
    }

    public Builder available(boolean available) {
      fields.put("available", available);
      return this;
    }

    public Builder categoryId(UUID categoryId) {
      fields.put(
          "category_id",
          Objects.requireNonNull(categoryId, "categoryId: use noCategory() to remove it"));
      return this;
    }

    /** Takes the item out of its category. */
    public Builder noCategory() {
      fields.put("category_id", null);
      return this;
    }

    public Builder description(String description) {
      fields.put(
          "description",
          Objects.requireNonNull(description, "description: use noDescription() to remove it"));
      return this;
    }

    public Builder noDescription() {
      fields.put("description", null);
      return this;
    }

    /** Counts the stock from now on, starting at {@code stock}. */
    public Builder stock(int stock) {
      if (stock < 0) {
        throw new IllegalArgumentException("stock must not be negative");
      }
      fields.put("stock", stock);
      return this;
    }

    /** Stops counting stock: the item can be ordered without limit while available. */
    public Builder stockNotCounted() {
      fields.put("stock", null);
      return this;
    }

    public UpdateMenuItemRequest build() {
      return new UpdateMenuItemRequest(fields);
    }
  }
}
