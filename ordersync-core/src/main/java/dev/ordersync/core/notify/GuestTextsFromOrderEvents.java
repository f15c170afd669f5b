package dev.ordersync.core.notify;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.restaurant.Restaurants;

/**
 * Order events, each also recording the guest's text message it causes ({@link GuestTexts}) in the
 * same unit of work: the text is kept exactly when the change is. Wraps where the events go.
 */
public final class GuestTextsFromOrderEvents implements OrderEvents {
  private final OrderEvents events;
  private final Restaurants restaurants;
  private final NotificationOutbox outbox;

  public GuestTextsFromOrderEvents(
      OrderEvents events, Restaurants restaurants, NotificationOutbox outbox) {
    this.events = events;
    this.restaurants = restaurants;
    this.outbox = outbox;
  }

  @Override
  public void append(Order order, OrderEvent event) {
    events.append(order, event);
    if (GuestTexts.mayText(order, event)) {
      restaurants
          .byId(order.restaurantId())
          .flatMap(r -> GuestTexts.of(order, event, r))
          .ifPresent(outbox::enqueue);
    }
  }
}
