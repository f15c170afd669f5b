/**
 * The WebSocket endpoints, one listener each: one order's live status and a restaurant's live feed,
 * with snapshot, replay and resume.
 */
package dev.ordersync.server.ws;
