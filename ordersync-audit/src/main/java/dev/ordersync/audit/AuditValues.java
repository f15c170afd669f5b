package dev.ordersync.audit;

/**
 * The opened old and new values of a record; either may be null (nothing before a creation, nothing
 * after erasure).
 */
public record AuditValues(String oldValue, String newValue) {}
