/**
 * Outbound webhooks at the edge of the network: what an endpoint URL may be (https, no private
 * address), how a delivery is signed, and the HTTP call that sends it.
 */
package dev.ordersync.server.webhooks;
