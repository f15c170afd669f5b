package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The KMS key store through the real AWS SDK v2 client, against {@link FakeKms} on a local port.
 */
class AwsKmsKeysetStoreTest {
  @TempDir Path keys;
  FakeKms fake;
  KmsClient kms;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeKms();
    kms =
        KmsClient.builder()
            .endpointOverride(fake.endpoint())
            .region(Region.AP_NORTHEAST_2)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")))
            .build();
  }

  @AfterEach
  void stop() {
    kms.close();
    fake.close();
  }

  FieldCrypto open() {
    return FieldCrypto.open(KeysetStore.awsKms(kms, FakeKms.KEY_ARN, keys));
  }

  @Test
  void kmsIsCalledPerKeysetNeverPerValue() {
    FieldCrypto first = open();
    assertEquals(
        List.of("TrentService.GenerateDataKey", "TrentService.GenerateDataKey"),
        fake.targets(),
        "first start: both keysets created and wrapped, one data key each");

    InMemoryTable emails = new InMemoryTable("users", "email");
    BlindIndex index = first.blindIndex("users", "email", 20);
    for (int i = 0; i < 1000; i++) {
      emails.insert(first, "row-" + i, "user" + i + "@example.kr");
      index.compute("user" + i + "@example.kr");
    }
    assertEquals(2, fake.calls.size(), "a thousand values and indexes later: still two calls");

    FieldCrypto restarted = open();
    for (int i = 0; i < 1000; i++) {
      assertEquals("user" + i + "@example.kr", emails.read(restarted, "row-" + i));
    }
    assertEquals(
        2, fake.count("Decrypt"), "the next start unwraps each keyset once, then decrypts locally");
    assertEquals(4, fake.calls.size());
  }

  @Test
  void everyCallIsSignedAndCarriesTheKeysetNameAsEncryptionContext() {
    open();
    open();
    assertTrue(fake.rejected.isEmpty(), fake.rejected.toString());
    for (FakeKms.Call call : fake.calls) {
      assertTrue(
          call.authorization().startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
          call.authorization());
      assertTrue(
          call.authorization().contains("/ap-northeast-2/kms/aws4_request"), call.authorization());
    }
    assertEquals(
        List.of(
            Map.of("ordersync:keyset", "fields"),
            Map.of("ordersync:keyset", "blind-index"),
            Map.of("ordersync:keyset", "fields"),
            Map.of("ordersync:keyset", "blind-index")),
        fake.calls.stream().map(FakeKms.Call::encryptionContext).toList());
  }

  @Test
  void aKeysetFilePresentedUnderAnotherNameIsRefusedByKms() throws Exception {
    open();
    Files.copy(
        keys.resolve("fields.keyset.kms.json"),
        keys.resolve("blind-index.keyset.kms.json"),
        StandardCopyOption.REPLACE_EXISTING);
    KeyAccessException e = assertThrows(KeyAccessException.class, this::open);
    assertInstanceOf(
        InvalidCiphertextException.class,
        e.getCause(),
        "the SDK's typed exception, from the fake's 400");
    assertTrue(e.getMessage().contains("InvalidCiphertextException"), e.getMessage());
    assertTrue(e.getMessage().contains("blind-index"), e.getMessage());
  }

  @Test
  void theFakeEnforcesTheEncryptionContextLikeKms() {
    SdkBytes plaintext = SdkBytes.fromUtf8String("k");
    SdkBytes blob =
        kms.encrypt(
                r ->
                    r.keyId(FakeKms.KEY_ARN)
                        .plaintext(plaintext)
                        .encryptionContext(Map.of("a", "1")))
            .ciphertextBlob();
    assertEquals(
        "k",
        kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("a", "1")))
            .plaintext()
            .asUtf8String());
    assertThrows(
        InvalidCiphertextException.class,
        () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("a", "2"))));
    assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
  }

  @Test
  void rotationCostsOneUnwrapAndOneWrapPerStep() {
    FieldCrypto crypto = open();
    InMemoryTable emails = new InMemoryTable("users", "email");
    for (int i = 0; i < 50; i++) {
      emails.insert(crypto, "row-" + i, "user" + i + "@example.kr");
    }
    int before = fake.calls.size();
    int v2 = crypto.fieldKeys().addKey();
    crypto.fieldKeys().promote(v2);
    crypto.rewrap(emails, 10).run();
    crypto.fieldKeys().retireKeysBelow(v2);
    assertEquals(
        6,
        fake.calls.size() - before,
        "3 steps x (Decrypt the stored keyset + GenerateDataKey to rewrap it)");

    FieldCrypto restarted = open();
    assertEquals("user7@example.kr", emails.read(restarted, "row-7"));
    assertEquals(
        List.of(
            new KeyVersion(1, KeyVersion.State.RETIRED),
            new KeyVersion(2, KeyVersion.State.PRIMARY)),
        restarted.fieldKeys().versions());
  }

  @Test
  void theWrappedKeysetFileHoldsNoKeyMaterialInTheClear() throws Exception {
    open();
    String json = Files.readString(keys.resolve("fields.keyset.kms.json"));
    assertTrue(json.contains("encryptedKeyset"), json);
    assertFalse(json.contains("\"value\""), "no cleartext key value: " + json);
  }

  @Test
  void anUnreachableKmsIsAClearError() {
    open();
    fake.close();
    KeyAccessException e = assertThrows(KeyAccessException.class, this::open);
    assertTrue(e.getMessage().contains("AWS KMS"), e.getMessage());
  }
}
