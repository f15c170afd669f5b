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
 * Where the column-encryption keys live: a local keyset in the data folder by default, or keysets
 * wrapped by an AWS KMS key when {@code ORDERSYNC_KMS_KEY_ARN} is set (region from {@code
 * ORDERSYNC_KMS_REGION}, an endpoint override from {@code ORDERSYNC_KMS_ENDPOINT}; credentials from
 * the AWS SDK's default chain). KMS is called when keysets are opened or rotated, never per value.
 */
final class CryptoSetup {
  private CryptoSetup() {}

  static KeysetStore keysetStore(ServerConfig config, Path keyFolder) {
    return keysetStore(config, keyFolder, dev.ordersync.server.observe.Tracing.off());
  }

  /** With tracing on, each call to KMS is a client span and carries its traceparent. */
  static KeysetStore keysetStore(
      ServerConfig config, Path keyFolder, dev.ordersync.server.observe.Tracing tracing) {
    Path folder = keyFolder.resolve("crypto");
    if (config.kmsKeyArn() == null) {
      return KeysetStore.localCleartext(folder);
    }
    var kms = KmsClient.builder().region(Region.of(config.kmsRegion()));
    if (config.kmsEndpoint() != null) {
      kms.endpointOverride(URI.create(config.kmsEndpoint()));
    }
    if (tracing.on()) {
      kms.overrideConfiguration(c -> c.addExecutionInterceptor(new KmsTracing(tracing)));
    }
    return KeysetStore.awsKms(kms.build(), config.kmsKeyArn(), folder);
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
