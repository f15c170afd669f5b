/**
 * The JSON shapes of the public contract (API.md): one file of view records per resource (accounts,
 * restaurants, menus, orders, payments), snake_case, money as integer won, times as UTC instants.
 */
package dev.ordersync.server.json;
