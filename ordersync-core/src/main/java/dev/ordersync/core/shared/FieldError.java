package dev.ordersync.core.shared;

/** One invalid input field: a path such as {@code items[1].quantity} and what is wrong with it. */
public record FieldError(String field, String message) {}
