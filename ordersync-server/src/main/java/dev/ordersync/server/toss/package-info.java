/**
 * The Toss Payments adapter: the payment gateway port over Toss's REST API (Basic auth, idempotency
 * keys, time-outs).
 */
package dev.ordersync.server.toss;
