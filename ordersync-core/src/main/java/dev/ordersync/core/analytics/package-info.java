/**
 * A restaurant's sales in numbers: orders, revenue, refunds, what sold and how fast the kitchen
 * was, per hour, day or week of its own time zone; the same across restaurants for administrators;
 * and the owner's daily and weekly report emails built from them.
 */
package dev.ordersync.core.analytics;
