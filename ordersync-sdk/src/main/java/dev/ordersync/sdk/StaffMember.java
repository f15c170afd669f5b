package dev.ordersync.sdk;

import java.util.UUID;

/**
 * A member of the restaurant's team.
 *
 * @param role what they are to this restaurant: OWNER or STAFF
 * @param accountRole what their account is
 */
public record StaffMember(UUID userId, String email, String name, Role role, Role accountRole) {}
