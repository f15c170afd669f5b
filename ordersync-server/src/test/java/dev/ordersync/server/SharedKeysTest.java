package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.crypto.KeysetStore;
import dev.ordersync.server.auth.ServerKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The keys a deployment shares by construction (decision 40): in the database, wrapped by the
 * master key every instance is given. Instances on one database share tokens, emails and values; an
 * instance with another master key is refused; keys of an earlier version's keys folder are
 * imported once.
 */
class SharedKeysTest {
  private static final String OTHER_MASTER_KEY = "b3RoZXItbWFzdGVyLWtleS1vZi0zMi1ieXRlcy0hISE=";

  @Test
  void anInstanceWithAnotherMasterKeyRefusesToStartWithOneLineThatSaysWhatToDo() {
    try (TestServer first = TestServer.start()) {
      var refused =
          assertThrows(
              IllegalStateException.class,
              () ->
                  TestServer.startOn(
                      first.database(),
                      Map.of("ORDERSYNC_MASTER_KEY", OTHER_MASTER_KEY),
                      OrderSyncServer.Limits.none()));
      StartupException cause = assertInstanceOf(StartupException.class, refused.getCause());
      assertEquals(
          "ORDERSYNC_MASTER_KEY does not open this database's keys (written by an instance with a"
              + " different master key); give every instance the same ORDERSYNC_MASTER_KEY or"
              + " ORDERSYNC_MASTER_KEY_FILE",
          cause.getMessage());
      assertEquals(200, first.api().get("/observe/health", null).status(), "the first one runs on");
    }
  }

  @Test
  void anExternalDatabaseWithoutAMasterKeyIsOneLineThatSaysWhatToSet() {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    var refused =
        assertThrows(
            StartupException.class,
            () -> DeploymentKeys.keyEncryption(ServerConfig.fromEnvironment(env)));
    assertTrue(refused.getMessage().contains("set ORDERSYNC_MASTER_KEY"), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"));
    env.put("ORDERSYNC_MASTER_KEY", "dG9vIHNob3J0");
    var bad = assertThrows(ServerConfig.Invalid.class, () -> ServerConfig.fromEnvironment(env));
    assertEquals(
        "ORDERSYNC_MASTER_KEY must be 32 random bytes in base64 (openssl rand -base64 32), not 9"
            + " bytes",
        bad.getMessage());
  }

  @Test
  void twoInstancesWithTheSameMasterKeyShareTokensEmailsAndValues() throws Exception {
    try (TestServer a = TestServer.start()) {
      // Each instance has a data folder of its own and no ORDERSYNC_KEYS_DIR: nothing on disk is
      // shared, only the database and the master key.
      TestServer b = TestServer.startOn(a.database(), Map.of(), OrderSyncServer.Limits.none());
      try {
        Scenario onA = new Scenario(a.api());
        Scenario.Owner owner = onA.anOwnerWithARestaurant("Shared Kitchen");
        // An access token from one is accepted by the other; what one encrypted reads on the
        // other.
        Api.Response mine = b.api().get("/api/v1/restaurants/me", owner.token());
        assertEquals(200, mine.status(), mine::toString);
        assertEquals("220-81-62517", mine.text("business_number"));
        // An order token from one is accepted by the other.
        String item = onA.anItem(owner, "Bibimbap", 9000, null);
        Api.Response placed = onA.anAnonymousOrder(owner.restaurantId(), item, 1);
        Api.Response tracked =
            b.api().get("/api/v1/orders/" + placed.text("id"), placed.text("order_token"));
        assertEquals(200, tracked.status(), tracked::toString);
        // The same email cannot be registered on both (the blind index is the same).
        String email = "once-" + UUID.randomUUID() + "@example.kr";
        onA.register(email, "CUSTOMER");
        long users = count(a.database(), "SELECT count(*) FROM users");
        b.api()
            .post(
                "/api/v1/auth/register",
                "{\"email\":\""
                    + email
                    + "\",\"password\":\"another horse battery\",\"name\":\"Twin\","
                    + "\"phone\":\"010-2222-3333\",\"role\":\"CUSTOMER\"}",
                null);
        assertEquals(users, count(a.database(), "SELECT count(*) FROM users"), "no second account");
        assertEquals(200, b.api().post("/api/v1/auth/login", login(email), null).status());
      } finally {
        b.stopServerOnly();
      }
    }
  }

  @Test
  void twoFirstStartsAtOnceOnAnEmptyDatabaseAgreeOnOneSetOfKeys() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      Map<String, String> env = new HashMap<>();
      env.put("ORDERSYNC_DB_URL", db.url());
      env.put("ORDERSYNC_DB_USER", TestDatabase.USER);
      env.put("ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY);
      env.put("ORDERSYNC_DATA_DIR", Files.createTempDirectory("ordersync-keys-race").toString());
      ServerConfig config = ServerConfig.fromEnvironment(env);
      try (var database = Infrastructure.openDatabase(config, null)) {
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
          List<CompletableFuture<DeploymentKeys>> starts =
              List.of(start(pool, go, db, config), start(pool, go, db, config));
          go.countDown();
          DeploymentKeys one = starts.get(0).get();
          DeploymentKeys two = starts.get(1).get();
          assertTrue(one.signingKeys().equalsKeyset(two.signingKeys()));
          ServerKeys k1 = one.serverKeys();
          ServerKeys k2 = two.serverKeys();
          assertArrayEquals(k1.loginDeviceKey(), k2.loginDeviceKey(), "one order-token key");
          FieldCrypto c1 = FieldCrypto.open(one.columnKeys());
          FieldCrypto c2 = FieldCrypto.open(two.columnKeys());
          FieldContext ctx = FieldContext.of("users", "email", "u1");
          assertEquals(
              "kim@example.kr", c2.decryptString(c1.encryptString("kim@example.kr", ctx), ctx));
        }
        assertEquals(
            7, count(db, "SELECT count(*) FROM deployment_keys"), "one row per key, written once");
      }
      TestServer.deleteTree(Path.of(env.get("ORDERSYNC_DATA_DIR")));
    }
  }

  private static CompletableFuture<DeploymentKeys> start(
      java.util.concurrent.ExecutorService pool,
      CountDownLatch go,
      TestDatabase db,
      ServerConfig config) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          DeploymentKeys keys =
              DeploymentKeys.open(db.dataSource(), DeploymentKeys.keyEncryption(config), config);
          // FieldCrypto creates the column keysets on first use, as a server's start does.
          FieldCrypto.open(keys.columnKeys());
          return keys;
        },
        pool);
  }

  /**
   * An earlier version's deployment: its keys in the keys folder, its data written with them, no
   * keys in the database. The new version imports them once (renaming the files {@code
   * *.imported}), and everything written before reads and verifies as it did.
   *
   * <p>The earlier version is played by the documented rollback: the database's keys are deleted
   * and the imported files renamed back, which is exactly the state an earlier version leaves.
   */
  @Test
  void anEarlierVersionsKeysFolderIsImportedOnceAndItsDataStaysReadable() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-old-keys");
    legacyKeysFolder(keys);
    Map<String, String> env = Map.of("ORDERSYNC_KEYS_DIR", keys.toString());
    TestServer first = TestServer.start(env);
    TestDatabase db = first.database();
    try {
      assertTrue(Files.exists(keys.resolve("jwt-signing-keyset.json.imported")));
      assertTrue(Files.exists(keys.resolve("crypto/fields.keyset.json.imported")));
      assertFalse(Files.exists(keys.resolve("order-token.key")));
      Scenario story = new Scenario(first.api());
      Scenario.Owner owner = story.anOwnerWithARestaurant("Old Kitchen");
      String item = story.anItem(owner, "Kimbap", 4000, null);
      Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 2);
      first.stopServerOnly();

      // Back to an earlier version's state.
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM deployment_keys");
      }
      unimport(keys);

      TestServer second = TestServer.startOn(db, env, OrderSyncServer.Limits.none());
      try {
        assertEquals(
            "220-81-62517",
            second.api().get("/api/v1/restaurants/me", owner.token()).text("business_number"),
            "an access token of the old keys verifies, and an old value decrypts");
        assertEquals(
            200,
            second
                .api()
                .get("/api/v1/orders/" + placed.text("id"), placed.text("order_token"))
                .status(),
            "an order token of the old key is accepted");
        assertEquals(
            200,
            second.api().post("/api/v1/auth/login", login(owner.email()), null).status(),
            "the email's blind index is the old one");
        assertTrue(Files.exists(keys.resolve("crypto/blind-index.keyset.json.imported")));
        for (String origin : origins(db)) {
          assertTrue(origin.startsWith("imported from") || origin.equals("generated"), origin);
        }
        assertTrue(origins(db).stream().filter(o -> o.startsWith("imported from")).count() >= 6);
      } finally {
        second.stopServerOnly();
      }

      // Another earlier instance, whose own keys folder was never shared (the trap of issue 22),
      // is refused rather than starting with keys the data was not written with.
      Path strays = Files.createTempDirectory("ordersync-stray-keys");
      legacyKeysFolder(strays);
      var refused =
          assertThrows(
              IllegalStateException.class,
              () ->
                  TestServer.startOn(
                      db,
                      Map.of("ORDERSYNC_KEYS_DIR", strays.toString()),
                      OrderSyncServer.Limits.none()));
      assertTrue(
          refused.getCause().getMessage().contains("this database's keys do not include"),
          refused.getCause().getMessage());
      TestServer.deleteTree(strays);

      // And a database that holds data without its keys, started with no keys folder, is
      // refused with where to find them.
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM deployment_keys");
      }
      var keyless =
          assertThrows(
              IllegalStateException.class,
              () -> TestServer.startOn(db, Map.of(), OrderSyncServer.Limits.none()));
      assertTrue(
          keyless.getCause().getMessage().contains("ORDERSYNC_KEYS_DIR"),
          keyless.getCause().getMessage());
    } finally {
      db.close();
      TestServer.deleteTree(keys);
    }
  }

  /** The keys folder as versions before decision 40 wrote it on their first start. */
  private static void legacyKeysFolder(Path keys) throws Exception {
    ServerKeys.load(keys, null, null);
    FieldCrypto.open(KeysetStore.localCleartext(keys.resolve("crypto")));
    com.google.crypto.tink.signature.SignatureConfig.register();
    KeysetHandle audit =
        KeysetHandle.generateNew(com.google.crypto.tink.KeyTemplates.get("ED25519_RAW"));
    Path file = keys.resolve("audit-checkpoint-keyset.json");
    Files.writeString(
        file,
        com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
            audit, com.google.crypto.tink.InsecureSecretKeyAccess.get()),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  private static void unimport(Path keys) throws Exception {
    try (var files = Files.walk(keys)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".imported")).toList()) {
        String name = f.getFileName().toString();
        Files.move(f, f.resolveSibling(name.substring(0, name.length() - ".imported".length())));
      }
    }
  }

  private static List<String> origins(TestDatabase db) throws Exception {
    List<String> found = new java.util.ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT origin FROM deployment_keys")) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    }
    return found;
  }

  private static String login(String email) {
    return "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}";
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
