package dev.ordersync.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order as the customer asks for it. There are no prices here: the server prices every order
 * from the menu as it is now.
 *
 * <pre>{@code
 * PlaceOrderRequest.builder(restaurantId, Fulfillment.TAKEOUT).item(bibimbapId, 2).note("less spicy").build()
 * }</pre>
 *
 * @param customer may be null (the builder sends an empty one)
 * @param note for the kitchen, may be null
 * @param table for dine-in, may be null; a takeout order has none
 */
public record PlaceOrderRequest(
    UUID restaurantId,
    List<Item> items,
    Customer customer,
    String note,
    Fulfillment fulfillment,
    String table) {
  public PlaceOrderRequest {
    Objects.requireNonNull(restaurantId, "restaurantId");
    Objects.requireNonNull(fulfillment, "fulfillment");
    if (fulfillment == Fulfillment.UNKNOWN) {
      throw new IllegalArgumentException("fulfillment must be DINE_IN or TAKEOUT");
    }
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("an order has at least one item");
    }
  }

  public static Builder builder(UUID restaurantId, Fulfillment fulfillment) {
    return new Builder(restaurantId, fulfillment);
  }

  /**
   * One requested line.
   *
   * @param options option ids; empty until menus have option groups
   */
  public record Item(UUID menuItemId, int quantity, List<UUID> options) {
    public Item {
      Objects.requireNonNull(menuItemId, "menuItemId");
      if (quantity < 1) {
        throw new IllegalArgumentException("quantity must be at least 1");
      }
      options = options == null ? List.of() : List.copyOf(options);
    }

    public Item(UUID menuItemId, int quantity) {
      this(menuItemId, quantity, List.of());
    }
  }

  /** Collects the lines and details of an order. */
  public static final class Builder {
    private final UUID restaurantId;
    private final Fulfillment fulfillment;
    private final List<Item> items = new ArrayList<>();
    private Customer customer = Customer.anonymous();
    private String note;
    private String table;

    private Builder(UUID restaurantId, Fulfillment fulfillment) {
      this.restaurantId = restaurantId;
      this.fulfillment = fulfillment;
    }

    public Builder item(UUID menuItemId, int quantity) {
      items.add(new Item(menuItemId, quantity));
      return this;
    }

    /** A line with the ids of the options chosen for it (see {@link MenuItem#optionGroups()}). */
    public Builder item(UUID menuItemId, int quantity, List<UUID> options) {
      items.add(new Item(menuItemId, quantity, options));
      return this;
    }

    public Builder item(Item item) {
      items.add(Objects.requireNonNull(item, "item"));
      return this;
    }

    /** Who the order is for; either may be null. */
    public Builder customer(String name, String phone) {
      this.customer = new Customer(name, phone);
      return this;
    }

    /**
     * Who the order is for, and whether they agreed to text messages about it ({@code sms_consent};
     * a phone is then required).
     */
    public Builder customer(String name, String phone, boolean smsConsent) {
      this.customer = new Customer(name, phone, null, smsConsent);
      return this;
    }

    public Builder note(String note) {
      this.note = note;
      return this;
    }

    public Builder table(String table) {
      this.table = table;
      return this;
    }

    public PlaceOrderRequest build() {
      return new PlaceOrderRequest(restaurantId, items, customer, note, fulfillment, table);
    }
  }
}
