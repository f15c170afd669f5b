/**
 * Rate limits by token bucket: a {@link dev.ordersync.server.ratelimit.RateLimiter} port with an
 * in-process and a Redis adapter, and the stricter throttle in front of logins.
 */
package dev.ordersync.server.ratelimit;
