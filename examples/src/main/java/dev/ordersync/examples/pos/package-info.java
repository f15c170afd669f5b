/**
 * A small kitchen POS built on the Java SDK: it logs in, follows the restaurant's live feed,
 * accepts new orders, prints kitchen tickets and receives signed webhooks.
 */
package dev.ordersync.examples.pos;
