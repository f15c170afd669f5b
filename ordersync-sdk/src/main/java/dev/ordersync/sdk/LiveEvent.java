package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of an order, as the live feed delivers it, in commit order.
 *
 * @param type {@code order.created}, {@code order.status_changed}, {@code order.paid}, {@code
 *     order.refunded}, {@code order.customer_erased}, or a type newer than this SDK
 * @param eventId the event's id: what a resume starts after
 * @param seq the order's version after the change (+1 per change of the order)
 * @param feedSeq the event's place in the restaurant's feed (+1 per event), or null on an order's
 *     own socket
 * @param event the domain event's name, such as {@code OrderAccepted}
 * @param order the order after the change: replace what you show with it
 * @param at when the change happened
 * @param committedAt when its transaction committed, or null for an event replayed on resume
 */
public record LiveEvent(
    String type,
    UUID eventId,
    long seq,
    Long feedSeq,
    String event,
    Order order,
    Instant at,
    Instant committedAt) {}
