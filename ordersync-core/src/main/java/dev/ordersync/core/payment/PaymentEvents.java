package dev.ordersync.core.payment;

/**
 * Where payment events go (the audit trail), inside the unit of work of the change they describe.
 */
public interface PaymentEvents {
  void record(PaymentEvent event);

  static PaymentEvents none() {
    return event -> {};
  }
}
