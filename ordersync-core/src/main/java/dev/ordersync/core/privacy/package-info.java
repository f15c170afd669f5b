/**
 * A user's rights over their personal data: a full export, and erasure that keeps the restaurants'
 * business records.
 */
package dev.ordersync.core.privacy;
