/**
 * Who is calling and from where (the caller, the request id, the trace, the client's address), held
 * for the extent of one request so that what records it (the audit trail) can read it; it depends
 * on core alone, so adapters read it without knowing the HTTP layer (decision 22).
 */
package dev.ordersync.server.context;
