/**
 * A restaurant's menu: categories and items with integer-won prices, availability and optional
 * stock counts.
 */
package dev.ordersync.core.menu;
