package dev.ordersync.sdk;

import java.util.Objects;

/**
 * A new menu category.
 *
 * @param position where it is shown, smallest first; null to put it after the last one
 */
public record CreateCategoryRequest(String name, Integer position) {
  public CreateCategoryRequest {
    Objects.requireNonNull(name, "name");
  }

  public CreateCategoryRequest(String name) {
    this(name, null);
  }
}
