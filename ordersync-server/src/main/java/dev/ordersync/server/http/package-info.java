/**
 * The HTTP adapter: one HttpService per resource of API.md, strict JSON bodies, RFC 9457 problem
 * responses, idempotent order creation.
 */
package dev.ordersync.server.http;
