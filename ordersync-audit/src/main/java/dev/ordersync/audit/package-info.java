/**
 * A tamper-evident audit trail: records appended inside the caller's JDBC transaction, sealed in
 * commit order into a SHA-256 hash chain, anchored by signed RFC 6962 Merkle checkpoints, and
 * checked by a verifier that names the record that was changed, removed, added or moved.
 */
package dev.ordersync.audit;
