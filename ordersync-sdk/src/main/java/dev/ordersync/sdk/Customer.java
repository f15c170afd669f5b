package dev.ordersync.sdk;

/**
 * Who an order is for, as the customer chose to say. Both fields may be null: ordering needs
 * neither a name nor a phone.
 *
 * @param phone a Korean phone number in any usual form ({@code 010-1234-5678})
 */
public record Customer(String name, String phone) {
  /** Nobody named. */
  public static Customer anonymous() {
    return new Customer(null, null);
  }
}
