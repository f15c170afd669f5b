package dev.ordersync.core.order;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** All orders, with their lines. */
public interface Orders {
  /**
   * Stores a new order. {@code businessDay} is the restaurant's day it was placed on (in the
   * restaurant's time zone), the day its number counts in: orders are numbered afresh each business
   * day, and a number is unique within its day.
   */
  void add(Order order, LocalDate businessDay);

  Optional<Order> byId(UUID id);

  /**
   * The order, if it is the given restaurant's: the read of a caller who knows the restaurant (its
   * staff), which a database distributed by restaurant routes to one shard.
   */
  default Optional<Order> byId(UUID restaurantId, UUID id) {
    return byId(id).filter(o -> o.restaurantId().equals(restaurantId));
  }

  /**
   * The order, locked against every other change until the unit of work ends (a row lock in SQL),
   * so that a payment confirmation, a webhook and a refund of one order run one after the other.
   */
  default Optional<Order> byIdForUpdate(UUID id) {
    return byId(id);
  }

  /**
   * Orders still awaiting their online payment that were created before {@code createdBefore},
   * oldest first.
   */
  List<Order> awaitingPayment(Instant createdBefore, int limit);

  /**
   * Stores a changed order if its stored version is still {@code order.version() - 1}; a {@code
   * Conflict("version_conflict")} otherwise, so two staff members cannot both move the same order.
   */
  void update(Order order);

  /**
   * One restaurant's orders, newest first.
   *
   * @param statuses only these statuses; empty for all
   * @param from only orders created at or after this instant, or null
   * @param to only orders created before this instant, or null
   * @param before only orders older than this order id (ids are time-ordered), or null from the
   *     newest
   */
  List<Order> list(
      UUID restaurantId,
      Set<OrderStatus> statuses,
      Instant from,
      Instant to,
      UUID before,
      int limit);

  /** Every order the account placed, newest first. */
  List<Order> byCustomer(UUID userId);

  /**
   * Removes the customer's name, phone and note from every order the account placed; prices and
   * states stay.
   */
  void eraseCustomer(UUID userId);

  /**
   * Removes the customer's name, phone and note from one order, at its customer's request. An
   * anonymous order's data key is destroyed once the erasure commits (crypto-shredding: every copy,
   * backups included, becomes unreadable); an account's order loses the values, its key stays the
   * account's.
   */
  void eraseOrderCustomer(UUID orderId);
}
