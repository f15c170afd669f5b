package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.crypto.FakeKms;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The server with ORDERSYNC_KMS_KEY_ARN: its column-encryption keysets are wrapped by a KMS key
 * (here a local server speaking the KMS protocol, reached by the real AWS SDK), KMS is called when
 * keysets open, never per value, and no cleartext key lands on disk or in the database (decision
 * 99: the deployment's keys are in the database, wrapped by the KMS key).
 */
class KmsKeysTest {
  @Test
  void theServerRunsOnKmsProtectedKeysAndCallsKmsOnlyAtStart() throws Exception {
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    try (FakeKms kms = new FakeKms();
        TestServer server =
            TestServer.start(
                Map.of(
                    "ORDERSYNC_KMS_KEY_ARN",
                    FakeKms.KEY_ARN,
                    "ORDERSYNC_KMS_REGION",
                    "ap-northeast-2",
                    "ORDERSYNC_KMS_ENDPOINT",
                    kms.endpoint().toString()))) {
      long atStart = kms.count("Decrypt") + kms.count("GenerateDataKey");
      assertTrue(atStart >= 1, "the keysets were opened through KMS");
      Scenario story = new Scenario(server.api());
      for (int i = 0; i < 10; i++) {
        story.register("kms-" + UUID.randomUUID() + "@example.kr", "CUSTOMER");
      }
      Scenario.Owner owner = story.anOwnerWithARestaurant("KMS Kitchen");
      assertEquals(
          "220-81-62517",
          server.api().get("/api/v1/restaurants/me", owner.token()).text("business_number"));
      assertEquals(
          atStart, kms.count("Decrypt") + kms.count("GenerateDataKey"), "no KMS call per value");
      // The keys are in the database, each wrapped by the KMS key; none in the data folder.
      int rows = 0;
      try (var c = server.database().connect();
          var rs =
              c.createStatement()
                  .executeQuery("SELECT name, wrapped, wrapped_by FROM deployment_keys")) {
        while (rs.next()) {
          rows++;
          assertEquals("AWS KMS key " + FakeKms.KEY_ARN, rs.getString(3), rs.getString(1));
          String text = new String(rs.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1);
          assertFalse(text.contains("keyData"), rs.getString(1) + " holds a cleartext keyset");
        }
      }
      assertEquals(7, rows, "every key of the deployment is in the database");
      assertFalse(Files.exists(server.dataDir().resolve("keys/crypto")));
      assertFalse(Files.exists(server.dataDir().resolve("keys/master.key")));
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
