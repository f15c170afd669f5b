/**
 * The restaurant aggregate: its profile and settings (paused, auto-accept, preparation time,
 * payment mode), and who may act for it.
 */
package dev.ordersync.core.restaurant;
