package dev.ordersync.audit;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What the scenarios share: a value sealer on a Tink AEAD, entries that read like the server's, a
 * signer.
 */
final class AuditFixtures {
  static final String ORIGIN = "ordersync.test/audit";

  private AuditFixtures() {}

  /**
   * What the server does with ordersync-crypto, in two lines of Tink: the context is the associated
   * data.
   */
  static ValueSealer tinkSealer() {
    try {
      AeadConfig.register();
      Aead aead =
          KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
              .getPrimitive(RegistryConfiguration.get(), Aead.class);
      return new ValueSealer() {
        @Override
        public byte[] seal(byte[] plaintext, String context) throws GeneralSecurityException {
          return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] open(byte[] sealed, String context) throws GeneralSecurityException {
          return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static CheckpointSigner signer() {
    try {
      return CheckpointSigner.withNewKey(ORIGIN);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An owner accepting order {@code n}: the kind of record the server writes most. */
  static AuditEntry ownerAcceptsOrder(int n) {
    return AuditEntry.of(
            Actor.user("user-" + (n % 7), "OWNER", "restaurant-1"), AuditAction.ACCEPT_ORDER)
        .about("order", "order-" + n)
        .request("req-" + n, "trace-" + n, "203.0.113." + (n % 250))
        .values(
            "{\"status\":\"PLACED\",\"n\":" + n + "}", "{\"status\":\"ACCEPTED\",\"n\":" + n + "}");
  }

  /**
   * Installs the schema as the admin and appends {@code count} records, one transaction each, as
   * the app role.
   */
  static void appendCommitted(TestPostgres db, AuditLog log, int count) throws SQLException {
    try (Connection app = db.app()) {
      app.setAutoCommit(false);
      for (int i = 1; i <= count; i++) {
        log.append(app, ownerAcceptsOrder(i));
        app.commit();
      }
    }
  }

  static String freshSchema() {
    return "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }
}
