package dev.ordersync.sdk;

import java.time.Instant;

/**
 * What a replay of a time range made due again.
 *
 * @param replayed how many events
 * @param limit the most one replay takes
 */
public record WebhookReplay(int replayed, Instant from, Instant to, int limit) {}
