package dev.ordersync.sdk;

/**
 * Who an order is for, as the customer chose to say. Every field may be null: ordering needs
 * neither a name nor a phone.
 *
 * @param phone a Korean phone number in any usual form ({@code 010-1234-5678}); in answers only the
 *     customer's own views carry it, a restaurant sees {@code phoneMasked}
 * @param phoneMasked {@code 010-****-5678}, in answers only (never sent)
 * @param smsConsent true when the customer agreed to text messages about the order (sent only with
 *     a mobile phone; the restaurant chooses which changes text); null or false: no texts
 */
public record Customer(String name, String phone, String phoneMasked, Boolean smsConsent) {
  /** A customer as sent with a new order, without consent to text messages. */
  public Customer(String name, String phone) {
    this(name, phone, null, null);
  }

  /** A customer as an answer shows one, without the consent field. */
  public Customer(String name, String phone, String phoneMasked) {
    this(name, phone, phoneMasked, null);
  }

  /** Nobody named. */
  public static Customer anonymous() {
    return new Customer(null, null, null, null);
  }
}
