/**
 * Value objects and ports shared by every feature: money in won, ids, contact data, typed domain
 * errors, the unit of work.
 */
package dev.ordersync.core.shared;
