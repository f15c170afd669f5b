/**
 * The OrderSync Java SDK: {@link dev.ordersync.sdk.OrderSyncClient} and its resources, the request
 * and response records of the HTTP API, per-call {@link dev.ordersync.sdk.RequestOptions}, and
 * {@link dev.ordersync.sdk.OrderSyncException} with one subclass per kind of failure.
 */
package dev.ordersync.sdk;
