package dev.ordersync.sdk;

/**
 * One rejected input field, as the server names it ({@code items[0].quantity}), and what is wrong
 * with it.
 */
public record FieldError(String field, String message) {}
