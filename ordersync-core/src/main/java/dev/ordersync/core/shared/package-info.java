/**
 * Value objects and ports shared by every feature: money in won, ids, contact data, typed domain
 * errors, failures that may pass if retried, the unit of work.
 */
package dev.ordersync.core.shared;
