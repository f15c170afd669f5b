/**
 * In-memory adapters, one per port of the core, for embedding OrderSync without a database (tests,
 * demos, a kiosk that keeps nothing); {@link dev.ordersync.core.memory.InMemoryStore} builds them
 * on one shared unit of work, which is atomic: a unit that throws leaves no trace.
 */
package dev.ordersync.core.memory;
