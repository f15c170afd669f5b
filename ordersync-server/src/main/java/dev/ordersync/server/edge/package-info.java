/**
 * The server's shared edge: who is calling (authentication, the request's context) and how a
 * refusal is said (problems). The HTTP routes, the WebSocket endpoints and the adapters that record
 * the caller use it; it uses neither of them.
 */
package dev.ordersync.server.edge;
