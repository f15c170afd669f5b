/**
 * Outbound webhooks: which events a restaurant's endpoints may ask for, and what a request for a
 * new endpoint must hold.
 */
package dev.ordersync.core.webhook;
