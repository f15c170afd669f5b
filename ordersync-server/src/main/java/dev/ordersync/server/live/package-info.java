/**
 * Committed order events on their way to live subscribers: the event bus (in-process or Redis) and
 * the stored log.
 */
package dev.ordersync.server.live;
