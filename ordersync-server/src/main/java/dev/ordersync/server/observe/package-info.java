/**
 * What operators see of the server at work: traces (OpenTelemetry's API; the SDK is the wiring's),
 * the JSON log lines and the access log (decision 41).
 */
package dev.ordersync.server.observe;
