/**
 * Implementation details of the crypto library: the stored byte layout, associated-data encoding,
 * Tink key handling, the AWS KMS envelope, owner-only files and a bounded cache. Not an API:
 * anything here may change in any release.
 */
package dev.ordersync.crypto.internal;
