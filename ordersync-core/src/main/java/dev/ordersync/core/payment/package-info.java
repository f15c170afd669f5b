/**
 * Online payment of orders through a payment gateway (Toss Payments in the server): confirming a
 * payment against the order's own total, reconciling with what the gateway says, refunds, expiry of
 * unpaid orders and the daily settlement. No card data ever passes through here: the gateway holds
 * it, OrderSync keeps the gateway's payment key and amounts.
 */
package dev.ordersync.core.payment;
