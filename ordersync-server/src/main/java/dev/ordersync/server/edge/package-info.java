/**
 * The server's shared edge: who is calling (authentication) and how a refusal is said (problems).
 * The HTTP routes and the WebSocket endpoints use it; it uses neither of them, and no adapter uses
 * it.
 */
package dev.ordersync.server.edge;
