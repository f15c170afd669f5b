package dev.ordersync.audit;

import java.security.GeneralSecurityException;

/**
 * Encrypts the old and new values of a record before they are stored, and decrypts them for whoever
 * may read them. This library declares it and never implements it: the server fills it with
 * ordersync-crypto, any other user with whatever authenticated encryption they trust (a Tink {@code
 * Aead} fits in two lines).
 *
 * <p>{@code context} names exactly one value of one record (for example {@code audit_log/<record
 * id>/new_value}). An implementation must bind the ciphertext to it, as associated data, so that a
 * value copied into another record, or old and new swapped, no longer opens.
 */
public interface ValueSealer {
  byte[] seal(byte[] plaintext, String context) throws GeneralSecurityException;

  byte[] open(byte[] sealed, String context) throws GeneralSecurityException;
}
