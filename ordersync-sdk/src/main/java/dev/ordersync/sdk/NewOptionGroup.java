package dev.ordersync.sdk;

import java.util.List;
import java.util.Objects;

/**
 * An option group to add to a menu item: the customer picks {@code min} to {@code max} of its
 * options.
 *
 * <pre>{@code
 * new NewOptionGroup("Size", 1, 1, List.of(NewOptionGroup.Option.of("Regular", 0), NewOptionGroup.Option.of("Large", 1_000)))
 * }</pre>
 */
public record NewOptionGroup(String name, int min, int max, List<NewOptionGroup.Option> options) {
  public NewOptionGroup {
    Objects.requireNonNull(name, "name");
    options = List.copyOf(options);
  }

  /**
   * One option.
   *
   * @param priceDelta added to the item's price, in won
   * @param available null for the server's default (true)
   */
  public record Option(String name, long priceDelta, Boolean available) {
    public Option {
      Objects.requireNonNull(name, "name");
    }

    public static Option of(String name, long priceDelta) {
      return new Option(name, priceDelta, null);
    }
  }
}
