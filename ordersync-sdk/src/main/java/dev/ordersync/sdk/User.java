package dev.ordersync.sdk;

import java.time.Instant;
import java.util.UUID;

/**
 * An account as the server shows it (never its password).
 *
 * @param phone may be null
 */
public record User(
    UUID id, String email, String name, String phone, Role role, Instant createdAt) {}
