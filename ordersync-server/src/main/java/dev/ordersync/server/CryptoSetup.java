package dev.ordersync.server;

import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.crypto.KeysetStore;
import dev.ordersync.crypto.SubjectKeyStore;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresSubjectKeyStore;
import java.net.URI;
import java.nio.file.Path;
import javax.sql.DataSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The column-encryption keys: their keysets live in the database (see {@link DeploymentKeys},
 * decision 40). Versions before that kept them in the keys folder: a local keyset by default, or
 * keysets wrapped by an AWS KMS key when {@code ORDERSYNC_KMS_KEY_ARN} is set (region from {@code
 * ORDERSYNC_KMS_REGION}, an endpoint override from {@code ORDERSYNC_KMS_ENDPOINT}; credentials from
 * the AWS SDK's default chain); {@link #legacyKeysetStore} reads those, to import them and for
 * migration 6. KMS is called when keysets are opened or rotated, never per value.
 */
final class CryptoSetup {
  private CryptoSetup() {}

  static KeysetStore legacyKeysetStore(ServerConfig config) {
    Path folder = config.keys().resolve("crypto");
    if (config.kmsKeyArn() == null) {
      return KeysetStore.localCleartext(folder);
    }
    var kms = KmsClient.builder().region(Region.of(config.kmsRegion()));
    if (config.kmsEndpoint() != null) {
      kms.endpointOverride(URI.create(config.kmsEndpoint()));
    }
    return KeysetStore.awsKms(kms.build(), config.kmsKeyArn(), folder);
  }

  /** The keysets where versions before decision 40 kept them: {@code <keys>/crypto}. */
  static FieldCrypto legacyCrypto(ServerConfig config, DataSource subjectKeys) {
    return crypto(legacyKeysetStore(config), subjectKeys, null);
  }

  static FieldCrypto crypto(KeysetStore keys, DataSource subjectKeys) {
    return crypto(keys, subjectKeys, null);
  }

  /**
   * With {@code tx}, a new anonymous order's subject key is written in the order's own transaction
   * (decision 0019).
   */
  static FieldCrypto crypto(KeysetStore keys, DataSource subjectKeys, JdbcTransactions tx) {
    SubjectKeyStore store = new PostgresSubjectKeyStore(subjectKeys, tx);
    return FieldCrypto.builder().keysetStore(keys).subjectKeyStore(store).build();
  }
}
