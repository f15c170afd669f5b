/**
 * Runnable examples: {@link dev.ordersync.examples.PriceAndMoveAnOrder} uses ordersync-core alone,
 * in memory, and {@link dev.ordersync.examples.IntegratorWithSdk} uses the SDK against a running
 * server.
 */
package dev.ordersync.examples;
