/**
 * How the audit trail works inside: the canonical byte encoding, RFC 6962 Merkle hashing and
 * proofs, the signed-note format, the verifier's reasoning and the PostgreSQL statements; none of
 * it is API.
 */
package dev.ordersync.audit.internal;
