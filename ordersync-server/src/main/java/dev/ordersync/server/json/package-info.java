/**
 * The JSON shapes of the public contract (API.md): one record per resource, snake_case, money as
 * integer won, times as UTC instants.
 */
package dev.ordersync.server.json;
