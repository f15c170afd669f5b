package dev.ordersync.core.memory;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.order.IdempotencyStore;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.OrderNumbers;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.payment.Payments;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.KnownDevices;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.Users;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every port of the core in memory, one adapter per port, sharing one lock and one unit of work:
 * safe to share between threads, and a unit of work that throws leaves no trace in any of them.
 */
public final class InMemoryStore {
  private final MemoryTransactions tx = new MemoryTransactions();
  private final InMemoryUsers users = tx.register(new InMemoryUsers(tx));
  private final InMemorySessions sessions = tx.register(new InMemorySessions(tx));
  private final InMemoryRestaurants restaurants = tx.register(new InMemoryRestaurants(tx));
  private final InMemoryMenus menus = tx.register(new InMemoryMenus(tx));
  private final InMemoryOrders orders = tx.register(new InMemoryOrders(tx));
  private final InMemoryOrderNumbers orderNumbers = tx.register(new InMemoryOrderNumbers(tx));
  private final InMemoryOrderEvents orderEvents = tx.register(new InMemoryOrderEvents(tx));
  private final InMemoryPayments payments = tx.register(new InMemoryPayments(tx));
  private final InMemorySecurityEvents securityEvents = tx.register(new InMemorySecurityEvents(tx));
  private final InMemoryNotificationOutbox notifications =
      tx.register(new InMemoryNotificationOutbox(tx));
  private final InMemoryKnownDevices knownDevices = tx.register(new InMemoryKnownDevices(tx));
  // A retry of an order placed with a key is answered with the order's id (a server keeps its
  // JSON).
  private final InMemoryIdempotencyStore idempotency =
      new InMemoryIdempotencyStore(order -> order.id().toString().getBytes(StandardCharsets.UTF_8));

  public Users users() {
    return users;
  }

  public Sessions sessions() {
    return sessions;
  }

  public Restaurants restaurants() {
    return restaurants;
  }

  public Menus menus() {
    return menus;
  }

  public Orders orders() {
    return orders;
  }

  public OrderNumbers orderNumbers() {
    return orderNumbers;
  }

  public OrderEvents orderEvents() {
    return orderEvents;
  }

  public Payments payments() {
    return payments;
  }

  public SecurityEvents securityEvents() {
    return securityEvents;
  }

  /** The messages recorded to send, in this store's unit of work. */
  public InMemoryNotificationOutbox notifications() {
    return notifications;
  }

  /** Where each account logged in from. */
  public KnownDevices knownDevices() {
    return knownDevices;
  }

  /** The idempotency keys of placed orders. */
  public IdempotencyStore idempotency() {
    return idempotency;
  }

  /** The unit of work every adapter of this store takes part in. */
  public UnitOfWork unitOfWork() {
    return tx;
  }

  /** Every order event recorded so far, oldest first. */
  public List<OrderEvent> events() {
    return orderEvents.all();
  }

  /** The security events recorded so far, as "type:userId". */
  public List<String> securityEventLog() {
    return securityEvents.all();
  }
}
