package dev.ordersync.sdk;

/** The answer to {@link RestaurantOrdersResource#refund}: the refund, and the payment after it. */
public record RefundResult(Refund refund, Payment payment) {}
