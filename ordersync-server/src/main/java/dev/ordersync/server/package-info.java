/**
 * The OrderSync server: configuration from the environment, the wiring from adapters to use cases
 * to routes, and main.
 */
package dev.ordersync.server;
