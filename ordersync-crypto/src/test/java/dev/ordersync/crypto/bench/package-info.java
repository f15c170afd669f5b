/**
 * JMH benchmarks of the crypto library's hot paths; run them as the module README says, never
 * during a build.
 */
package dev.ordersync.crypto.bench;
