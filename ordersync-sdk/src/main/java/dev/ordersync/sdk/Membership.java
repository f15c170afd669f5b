package dev.ordersync.sdk;

import java.util.UUID;

/** A user's place in a restaurant: its OWNER or one of its STAFF. */
public record Membership(UUID restaurantId, Role role) {}
