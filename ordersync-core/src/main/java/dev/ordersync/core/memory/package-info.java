/**
 * In-memory adapters for every port of the core, for embedding OrderSync without a database (tests,
 * demos, a kiosk that keeps nothing). {@link dev.ordersync.core.memory.InMemoryStore} holds the
 * data; its unit of work is atomic: a unit that throws leaves no trace.
 */
package dev.ordersync.core.memory;
