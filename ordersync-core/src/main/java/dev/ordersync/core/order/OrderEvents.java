package dev.ordersync.core.order;

/**
 * Where order events go, inside the same unit of work as the change itself (an outbox): an event is
 * kept exactly when its change is.
 */
public interface OrderEvents {
  /** Records the event together with the order as it is after the event. */
  void append(Order order, OrderEvent event);
}
