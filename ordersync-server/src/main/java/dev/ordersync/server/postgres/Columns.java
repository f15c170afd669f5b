package dev.ordersync.server.postgres;

import dev.ordersync.crypto.BlindIndex;
import dev.ordersync.crypto.BlindIndexPlanner;
import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.crypto.ShreddedException;
import dev.ordersync.crypto.UnknownKeyException;
import java.util.List;
import java.util.UUID;

/**
 * How the adapters store personal and business data: each value encrypted by ordersync-crypto,
 * bound to its table, column and row, and to its subject (the person it is about) so that erasing
 * the person shreds it. The email also gets a blind index, sized by CipherSweet's planner for a
 * million accounts.
 */
public final class Columns {
  static final long EXPECTED_USERS = 1_000_000;
  private final FieldCrypto crypto;
  private final BlindIndex emails;
  private final BlindIndex loginPlaces;
  private final BlindIndex recipients;

  public Columns(FieldCrypto crypto) {
    this.crypto = crypto;
    // A notification's recipient is indexed for a unique key, not for look-ups: the full 128 bits,
    // so two recipients never share a term.
    this.recipients = crypto.blindIndex("notifications", "recipient", 128);
    // Emails carry far more entropy than the index length, so the planner's row count decides: ~2-3
    // candidates a look-up.
    this.emails = crypto.blindIndex("users", "email", BlindIndexPlanner.bits(EXPECTED_USERS, 64));
    // Matched exactly, never searched by: full length, so two places never share an index.
    this.loginPlaces = crypto.blindIndex("known_login_places", "place", 256);
  }

  public FieldCrypto crypto() {
    return crypto;
  }

  static String userSubject(UUID userId) {
    return "user:" + userId;
  }

  /**
   * An order's customer data belongs to the account that placed it, or to the order itself when
   * anonymous.
   */
  static String orderSubject(UUID orderId, UUID customerUserId) {
    return customerUserId == null ? "order:" + orderId : userSubject(customerUserId);
  }

  static FieldContext context(String table, String column, UUID row, String subject) {
    FieldContext c = FieldContext.of(table, column, row.toString());
    return subject == null ? c : c.forSubject(subject);
  }

  /** Opaque bytes (a stored response) bound to a row named by text. */
  byte[] sealBytes(String table, String column, String row, byte[] value) {
    return crypto.encrypt(value, FieldContext.of(table, column, row));
  }

  byte[] openBytes(String table, String column, String row, byte[] stored) {
    try {
      return crypto.decrypt(stored, FieldContext.of(table, column, row));
    } catch (UnknownKeyException e) {
      crypto.reload();
      return crypto.decrypt(stored, FieldContext.of(table, column, row));
    }
  }

  byte[] seal(String table, String column, UUID row, String subject, String value) {
    return value == null ? null : crypto.encryptString(value, context(table, column, row, subject));
  }

  /**
   * The plaintext, or null when there is none or its subject was shredded (erased data reads as
   * erased).
   */
  String open(String table, String column, UUID row, String subject, byte[] stored) {
    if (stored == null) {
      return null;
    }
    try {
      return decrypt(stored, context(table, column, row, subject));
    } catch (ShreddedException e) {
      return null;
    }
  }

  /**
   * A value under a key this process has not loaded yet was rewrapped after a rotation made
   * elsewhere (the {@code keys} command, another instance): reload the keysets once and try again.
   */
  private String decrypt(byte[] stored, FieldContext context) {
    try {
      return crypto.decryptString(stored, context);
    } catch (UnknownKeyException e) {
      crypto.reload();
      return crypto.decryptString(stored, context);
    }
  }

  byte[] emailIndex(String normalizedEmail) {
    return emails.compute(normalizedEmail);
  }

  /** The index of a place an account logged in from ({@code user|device|id}), to store. */
  byte[] loginPlaceIndex(String place) {
    return loginPlaces.compute(place);
  }

  /** The indexes of a place under every live index key, to match. */
  List<byte[]> loginPlaceLookupTerms(String place) {
    return loginPlaces.lookupTerms(place);
  }

  /** One term per live index key, so look-ups keep working while the index key rotates. */
  List<byte[]> emailLookupTerms(String normalizedEmail) {
    return emails.lookupTerms(normalizedEmail);
  }

  /** The blind index of a notification's recipient (digits of a phone, a lower-cased email). */
  byte[] recipientIndex(String normalizedRecipient) {
    return recipients.compute(normalizedRecipient);
  }
}
