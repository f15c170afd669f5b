package dev.ordersync.server;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.jwt.JwtSignatureConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.ordersync.crypto.KeyEncryptionKeys;
import dev.ordersync.crypto.KeysetStore;
import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.postgres.PostgresDeploymentKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The keys a deployment shares by construction (decision 40): the JWT signing keyset, the secrets
 * keyset, the order-token key, the audit checkpoint keyset and the column-encryption keysets, all
 * in the database's {@code deployment_keys}, wrapped by the deployment's key-encryption key (an AWS
 * KMS key when ORDERSYNC_KMS_KEY_ARN is set, otherwise the master key every instance is given). So
 * every instance of one database uses the same keys, or refuses to start.
 *
 * <p>At start, under an advisory lock (two instances started at once on an empty database agree on
 * one set of keys): the key check is opened (the wrong master key is refused here, with what to
 * do); each key missing from the database is imported from where earlier versions kept it (the keys
 * folder, ORDERSYNC_JWT_KEYSET, ORDERSYNC_SECRETS_KEYSET, ORDERSYNC_ORDER_TOKEN_KEY) or generated;
 * a key found in the folder or the environment that the database does not hold refuses the start.
 * Imported files are renamed {@code *.imported} (a rollback renames them back).
 *
 * <p>Reading the cleartext keysets of earlier versions is what {@link InsecureSecretKeyAccess}
 * names; it happens here only for that import.
 */
final class DeploymentKeys {
  private static final Logger LOG = Logger.getLogger(DeploymentKeys.class.getName());

  /** FieldCrypto's keyset names (values and subject keys; blind indexes). */
  static final String FIELDS = "fields";

  static final String BLIND_INDEX = "blind-index";
  static final String JWT_SIGNING = "jwt-signing";
  static final String SECRETS = "secrets";
  static final String AUDIT_CHECKPOINT = "audit-checkpoint";
  static final String ORDER_TOKEN = "order-token";
  static final String KEY_CHECK = "key-check";

  private static final byte[] CHECK_VALUE =
      "ordersync deployment keys v1".getBytes(StandardCharsets.UTF_8);
  static final String MASTER_KEY_FILE = "master.key";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final PostgresDeploymentKeys table;
  private final KeyEncryption kek;
  private final KeysetStore store;

  private DeploymentKeys(PostgresDeploymentKeys table, KeyEncryption kek) {
    this.table = table;
    this.kek = kek;
    this.store = KeysetStore.wrapped(table, kek.aead());
  }

  /**
   * What wraps the deployment's keys.
   *
   * @param label as recorded beside each key ({@code master key}, {@code AWS KMS key <arn>})
   * @param given how the operator gave it, for messages
   * @param fix what to tell the operator when it does not open the database's keys
   */
  record KeyEncryption(Aead aead, String label, String given, String fix) {}

  /**
   * The deployment's key-encryption key: AWS KMS if ORDERSYNC_KMS_KEY_ARN is set; else the master
   * key of ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE; else, with the embedded database
   * only, a master key generated once into the keys folder. An external database with none of them
   * is a start-up error: each instance would otherwise have nothing in common with the others.
   */
  static KeyEncryption keyEncryption(ServerConfig config) {
    return keyEncryption(config, dev.ordersync.server.observe.Tracing.off());
  }

  /** With tracing on, each call to KMS is a client span and carries its traceparent. */
  static KeyEncryption keyEncryption(
      ServerConfig config, dev.ordersync.server.observe.Tracing tracing) {
    if (config.kmsKeyArn() != null) {
      var kms = KmsClient.builder().region(Region.of(config.kmsRegion()));
      if (config.kmsEndpoint() != null) {
        kms.endpointOverride(URI.create(config.kmsEndpoint()));
      }
      if (tracing.on()) {
        kms.overrideConfiguration(c -> c.addExecutionInterceptor(new KmsTracing(tracing)));
      }
      return new KeyEncryption(
          KeyEncryptionKeys.awsKms(kms.build(), config.kmsKeyArn()),
          "AWS KMS key " + config.kmsKeyArn(),
          "ORDERSYNC_KMS_KEY_ARN " + config.kmsKeyArn(),
          "give every instance the same ORDERSYNC_KMS_KEY_ARN, with kms:Decrypt on it");
    }
    ServerConfig.MasterKey master = config.masterKey();
    if (master.base64() != null) {
      return masterKey(
          ServerConfig.masterKeyBytes(master.base64(), "ORDERSYNC_MASTER_KEY"),
          "ORDERSYNC_MASTER_KEY");
    }
    if (master.file() != null) {
      return masterKey(
          readMasterKeyFile(master.file(), "ORDERSYNC_MASTER_KEY_FILE " + master.file()),
          "ORDERSYNC_MASTER_KEY_FILE " + master.file());
    }
    if (!config.embeddedDatabase()) {
      throw new StartupException(
          "ORDERSYNC_DB_URL is set but no key protects the deployment's keys in it: set"
              + " ORDERSYNC_MASTER_KEY (openssl rand -base64 32) or ORDERSYNC_MASTER_KEY_FILE, or"
              + " ORDERSYNC_KMS_KEY_ARN, the same on every instance");
    }
    Path file = config.keys().resolve(MASTER_KEY_FILE);
    if (!Files.exists(file)) {
      generateMasterKeyFile(config.keys(), file);
    }
    return masterKey(
        readMasterKeyFile(file, "the master key file " + file), "the master key file " + file);
  }

  private static KeyEncryption masterKey(byte[] key, String given) {
    try {
      return new KeyEncryption(
          KeyEncryptionKeys.masterKey(key),
          "master key",
          given,
          "give every instance the same ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] readMasterKeyFile(Path file, String what) {
    try {
      if (posix(file)) {
        Set<PosixFilePermission> extra = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        extra.retainAll(
            EnumSet.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE));
        if (!extra.isEmpty()) {
          throw new StartupException(
              what + " may be read or written by group or others; restrict it: chmod 600 " + file);
        }
      }
      return ServerConfig.masterKeyBytes(Files.readString(file, StandardCharsets.UTF_8), what);
    } catch (IOException e) {
      throw new StartupException(
          "cannot read " + what + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (ServerConfig.Invalid e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static boolean posix(Path file) {
    return Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
        != null;
  }

  private static void generateMasterKeyFile(Path folder, Path file) {
    byte[] key = KeyEncryptionKeys.newMasterKey();
    try {
      writeOwnerOnly(folder, file, Base64.getEncoder().encodeToString(key) + "\n");
      LOG.info("generated the deployment's master key in " + file + " (keep it with the data)");
    } catch (IOException e) {
      throw new StartupException(
          "cannot write the master key file " + file + " (" + e.getClass().getSimpleName() + ")",
          e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static void writeOwnerOnly(Path folder, Path file, String content) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder);
      if (posix(folder)) {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix(folder)) {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(
        tmp,
        content,
        StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.SYNC);
    // Atomic: a crash never leaves half a key behind (the data folder lock keeps out other
    // servers).
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Opens the deployment's keys in the database {@code owner} reaches: checks that {@code kek}
   * opens them, imports what earlier versions kept in {@code legacyFolder} or the environment, and
   * generates the rest, all under the advisory lock.
   */
  static DeploymentKeys open(DataSource owner, KeyEncryption kek, ServerConfig config) {
    registerTink();
    var table = new PostgresDeploymentKeys(owner, kek.label());
    var keys = new DeploymentKeys(table, kek);
    table.locked(
        () -> {
          Legacy legacy = new Legacy(config);
          if (keys.table.row(KEY_CHECK).isEmpty()
              && legacy.columnKeyset(FIELDS).isEmpty()
              && holdsData(owner)) {
            throw new StartupException(
                "this database holds data but not the keys it was written with (an earlier version"
                    + " kept them in its keys folder, and "
                    + config.keys()
                    + " has none): start once with ORDERSYNC_KEYS_DIR set to the keys folder of the"
                    + " instance that wrote it, and its keys are imported into the database");
          }
          keys.check();
          keys.keyset(FIELDS, legacy.columnKeyset(FIELDS), DeploymentKeys::noGeneration);
          keys.keyset(BLIND_INDEX, legacy.columnKeyset(BLIND_INDEX), DeploymentKeys::noGeneration);
          keys.keyset(
              JWT_SIGNING,
              legacy.keyset(
                  "ORDERSYNC_JWT_KEYSET", config.jwtKeysetJson(), "jwt-signing-keyset.json"),
              () -> generate("JWT_ES256"));
          keys.keyset(
              SECRETS,
              legacy.keyset(
                  "ORDERSYNC_SECRETS_KEYSET", config.secretsKeysetJson(), "secrets-keyset.json"),
              () -> generate("AES256_GCM"));
          keys.keyset(
              AUDIT_CHECKPOINT,
              legacy.keyset(null, null, "audit-checkpoint-keyset.json"),
              () -> generate("ED25519_RAW"));
          keys.orderTokenKey(legacy.orderTokenKey(config.orderTokenKey()));
          return null;
        });
    return keys;
  }

  /** FieldCrypto generates its own keysets on first use (it knows their parameters). */
  private static KeysetHandle noGeneration() {
    return null;
  }

  private static void registerTink() {
    try {
      AeadConfig.register();
      JwtSignatureConfig.register();
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink cannot register its key types", e);
    }
  }

  private static KeysetHandle generate(String template) {
    try {
      return KeysetHandle.generateNew(KeyTemplates.get(template));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + template + " keyset", e);
    }
  }

  /**
   * The key check: a known value wrapped by the deployment's key. The first instance writes it (and
   * true is returned: the database held no keys before); every other one must open it, or is
   * refused with what to do.
   */
  private void check() {
    Optional<PostgresDeploymentKeys.Row> row = table.row(KEY_CHECK);
    if (row.isEmpty()) {
      try {
        table.insertIfAbsent(
            KEY_CHECK, kek.aead().encrypt(CHECK_VALUE, ad(KEY_CHECK)), "generated");
      } catch (GeneralSecurityException e) {
        throw new StartupException("cannot wrap the key check with " + kek.given(), e);
      }
      return;
    }
    String writtenBy = row.get().wrappedBy();
    try {
      byte[] opened = kek.aead().decrypt(row.get().wrapped(), ad(KEY_CHECK));
      if (Arrays.equals(opened, CHECK_VALUE)) {
        return;
      }
    } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
      throw new StartupException(
          "cannot reach AWS KMS to open this database's keys with "
              + kek.given()
              + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
      if (writtenBy.equals(kek.label())) {
        throw new StartupException(
            "AWS KMS refused to open this database's keys with "
                + kek.given()
                + " ("
                + e.awsErrorDetails().errorCode()
                + "); give this instance kms:Decrypt and kms:GenerateDataKey on the key",
            e);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // refused below
    }
    boolean writtenUnderKms = writtenBy.startsWith("AWS KMS key");
    boolean givenKms = kek.label().startsWith("AWS KMS key");
    String fix =
        writtenUnderKms && !givenKms
            ? "set ORDERSYNC_KMS_KEY_ARN as on the other instances"
            : !writtenUnderKms && givenKms
                ? "unset ORDERSYNC_KMS_KEY_ARN and give every instance the same"
                    + " ORDERSYNC_MASTER_KEY or ORDERSYNC_MASTER_KEY_FILE"
                : kek.fix();
    throw new StartupException(
        kek.given()
            + " does not open this database's keys (written by an instance with "
            + (writtenBy.equals(kek.label()) ? "a different " + writtenBy : writtenBy)
            + "); "
            + fix);
  }

  /**
   * Makes sure the database holds the keyset {@code name}: imported from {@code legacy} if it has
   * none, else generated (or left to FieldCrypto when {@code generate} gives null). A legacy keyset
   * whose keys the database does not hold refuses the start.
   */
  private void keyset(String name, Optional<LegacyKeyset> legacy, Supplier<KeysetHandle> generate) {
    Optional<KeysetHandle> stored = store.load(name);
    if (stored.isPresent()) {
      legacy.ifPresent(
          l -> {
            if (!holds(stored.get(), l.keyset())) {
              throw new StartupException(
                  l.where()
                      + " holds a "
                      + name
                      + " key that this database's keys do not include (they came from "
                      + table.row(name).map(PostgresDeploymentKeys.Row::origin).orElse("elsewhere")
                      + "); what this instance wrote with it would be unreadable by the others:"
                      + " start the instance whose keys the data was written with first, or "
                      + l.remedy());
            }
            l.done().run();
          });
      return;
    }
    if (legacy.isPresent()) {
      KeysetStore.wrapped(table.withOrigin("imported from " + legacy.get().where()), kek.aead())
          .createIfAbsent(name, legacy.get().keyset());
      LOG.info(
          "imported the " + name + " keys from " + legacy.get().where() + " into the database");
      legacy.get().done().run();
      return;
    }
    KeysetHandle created = generate.get();
    if (created != null) {
      store.createIfAbsent(name, created);
    }
  }

  /** Whether every key of {@code legacy} is in {@code stored}, with the same key material. */
  private static boolean holds(KeysetHandle stored, KeysetHandle legacy) {
    for (int i = 0; i < legacy.size(); i++) {
      KeysetHandle.Entry want = legacy.getAt(i);
      boolean found = false;
      for (int j = 0; j < stored.size() && !found; j++) {
        KeysetHandle.Entry have = stored.getAt(j);
        found = have.getId() == want.getId() && have.getKey().equalsKey(want.getKey());
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private void orderTokenKey(Optional<LegacyKey> legacy) {
    Optional<byte[]> stored = rawKey(ORDER_TOKEN);
    if (stored.isPresent()) {
      legacy.ifPresent(
          l -> {
            if (!java.security.MessageDigest.isEqual(stored.get(), l.key())) {
              throw new StartupException(
                  l.where()
                      + " holds another order-token key than this database's (it came from "
                      + table
                          .row(ORDER_TOKEN)
                          .map(PostgresDeploymentKeys.Row::origin)
                          .orElse("elsewhere")
                      + "); order tokens of this instance would be refused by the others: "
                      + l.remedy());
            }
            l.done().run();
          });
      return;
    }
    byte[] key;
    String origin;
    if (legacy.isPresent()) {
      key = legacy.get().key();
      origin = "imported from " + legacy.get().where();
    } else {
      key = new byte[32];
      RANDOM.nextBytes(key);
      origin = "generated";
    }
    try {
      table.insertIfAbsent(ORDER_TOKEN, kek.aead().encrypt(key, ad(ORDER_TOKEN)), origin);
    } catch (GeneralSecurityException e) {
      throw new StartupException("cannot wrap the order-token key with " + kek.given(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    legacy.ifPresent(l -> l.done().run());
  }

  private Optional<byte[]> rawKey(String name) {
    return table
        .read(name)
        .map(
            wrapped -> {
              try {
                return kek.aead().decrypt(wrapped, ad(name));
              } catch (GeneralSecurityException e) {
                throw new StartupException(
                    "the " + name + " key in the database does not open with " + kek.given(), e);
              }
            });
  }

  private static byte[] ad(String name) {
    return ("ordersync/key/" + name).getBytes(StandardCharsets.UTF_8);
  }

  /** The column-encryption keysets, read (and rotated) in the database. */
  KeysetStore columnKeys() {
    return store;
  }

  /** The JWT signing keyset, the secrets keyset and the order-token key, as they are now. */
  ServerKeys serverKeys() {
    byte[] orderToken = rawKey(ORDER_TOKEN).orElseThrow(() -> missing(ORDER_TOKEN));
    try {
      return ServerKeys.of(signingKeys(), required(SECRETS), orderToken);
    } finally {
      Arrays.fill(orderToken, (byte) 0);
    }
  }

  KeysetHandle signingKeys() {
    return required(JWT_SIGNING);
  }

  KeysetHandle auditCheckpointKeys() {
    return required(AUDIT_CHECKPOINT);
  }

  /**
   * Replaces the JWT signing keyset by {@code step} of what the database holds now, under the
   * advisory lock (so two operators' steps do not undo each other). Returns the new keyset.
   */
  KeysetHandle changeSigningKeys(java.util.function.UnaryOperator<KeysetHandle> step) {
    return table.locked(
        () -> {
          KeysetHandle next = step.apply(required(JWT_SIGNING));
          store.save(JWT_SIGNING, next);
          return next;
        });
  }

  /** Where each key came from and what wraps it, for {@code keys status}. */
  String describe(String name) {
    return table
        .row(name)
        .map(r -> "wrapped by " + r.wrappedBy() + ", " + r.origin())
        .orElse("not in the database");
  }

  private KeysetHandle required(String name) {
    return store.load(name).orElseThrow(() -> missing(name));
  }

  private static IllegalStateException missing(String name) {
    return new IllegalStateException(
        "the " + name + " key is not in the database's deployment_keys");
  }

  /** Whether the database holds data written before it held its keys (users, restaurants). */
  static boolean holdsData(DataSource owner) {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM restaurants)")) {
      return rs.next() && rs.getBoolean(1);
    } catch (SQLException e) {
      throw new StartupException("cannot read the database: " + e.getMessage(), e);
    }
  }

  /** A keyset found where an earlier version kept it; {@code done} retires that copy. */
  private record LegacyKeyset(KeysetHandle keyset, String where, String remedy, Runnable done) {}

  private record LegacyKey(byte[] key, String where, String remedy, Runnable done) {}

  /** Where versions before decision 40 kept the keys: the keys folder and the environment. */
  private static final class Legacy {
    private final ServerConfig config;
    private final Path folder;

    Legacy(ServerConfig config) {
      this.config = config;
      this.folder = config.keys();
    }

    /** A column-encryption keyset of {@code <keys>/crypto}, cleartext or KMS-wrapped. */
    Optional<LegacyKeyset> columnKeyset(String name) {
      Path crypto = folder.resolve("crypto");
      Path file =
          crypto.resolve(name + (config.kmsKeyArn() == null ? ".keyset.json" : ".keyset.kms.json"));
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      KeysetStore files = CryptoSetup.legacyKeysetStore(config);
      return files
          .load(name)
          .map(
              k ->
                  new LegacyKeyset(
                      k,
                      "the keys folder's " + file,
                      "move " + file + " aside",
                      () -> retire(file)));
    }

    /** A keyset from an environment variable or, failing that, a cleartext file of the folder. */
    Optional<LegacyKeyset> keyset(String variable, String json, String fileName) {
      try {
        if (json != null) {
          return Optional.of(
              new LegacyKeyset(
                  TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()),
                  variable,
                  "unset " + variable + " (the database holds the deployment's keys now)",
                  () ->
                      LOG.warning(
                          variable
                              + " is no longer read: its keys are in the database; unset it")));
        }
        Path file = folder.resolve(fileName);
        if (!Files.exists(file)) {
          return Optional.empty();
        }
        return Optional.of(
            new LegacyKeyset(
                TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file), InsecureSecretKeyAccess.get()),
                "the keys folder's " + file,
                "move " + file + " aside",
                () -> retire(file)));
      } catch (GeneralSecurityException | IOException e) {
        throw new StartupException(
            "cannot read the keyset of "
                + (json != null ? variable : folder.resolve(fileName))
                + " to import it: "
                + e.getClass().getSimpleName(),
            e);
      }
    }

    Optional<LegacyKey> orderTokenKey(String base64) {
      try {
        if (base64 != null) {
          return Optional.of(
              new LegacyKey(
                  decode32(base64, "ORDERSYNC_ORDER_TOKEN_KEY"),
                  "ORDERSYNC_ORDER_TOKEN_KEY",
                  "unset ORDERSYNC_ORDER_TOKEN_KEY (the database holds the deployment's keys now)",
                  () ->
                      LOG.warning(
                          "ORDERSYNC_ORDER_TOKEN_KEY is no longer read: the key is in the"
                              + " database; unset it")));
        }
        Path file = folder.resolve("order-token.key");
        if (!Files.exists(file)) {
          return Optional.empty();
        }
        return Optional.of(
            new LegacyKey(
                decode32(Files.readString(file), file.toString()),
                "the keys folder's " + file,
                "move " + file + " aside",
                () -> retire(file)));
      } catch (IOException e) {
        throw new StartupException("cannot read the order-token key file to import it", e);
      }
    }

    private static byte[] decode32(String base64, String where) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(base64.strip());
      } catch (IllegalArgumentException e) {
        throw new StartupException(where + " is not base64");
      }
      if (key.length < 32) {
        throw new StartupException(where + ": the order token key must have at least 32 bytes");
      }
      return key;
    }

    /**
     * Renames an imported file {@code <name>.imported}: the database holds its keys now, and a
     * rollback to an earlier version can rename it back.
     */
    private static void retire(Path file) {
      Path imported = file.resolveSibling(file.getFileName() + ".imported");
      try {
        Files.move(file, imported, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        LOG.warning(
            "the keys of "
                + file
                + " are in the database now, but the file could not be renamed ("
                + e.getClass().getSimpleName()
                + "); remove it");
      }
    }
  }
}
