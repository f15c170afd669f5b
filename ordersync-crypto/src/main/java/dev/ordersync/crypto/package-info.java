/**
 * Column-level encryption on Google Tink: {@link dev.ordersync.crypto.FieldCipher} encrypts values
 * bound to their table, column, row and subject; {@link dev.ordersync.crypto.BlindIndex} makes them
 * findable by equality; {@link dev.ordersync.crypto.KeyRotation} and {@link
 * dev.ordersync.crypto.RewrapJob} rotate keys without downtime; {@link
 * dev.ordersync.crypto.FieldCrypto#shredSubject} crypto-shreds one subject's data. Keys live in a
 * {@link dev.ordersync.crypto.KeysetStore}: local files or AWS KMS.
 */
package dev.ordersync.crypto;
