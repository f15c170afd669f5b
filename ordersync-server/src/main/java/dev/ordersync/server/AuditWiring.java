package dev.ordersync.server;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.audit.AuditSealer;
import dev.ordersync.audit.Checkpoint;
import dev.ordersync.audit.CheckpointSigner;
import dev.ordersync.audit.ValueSealer;
import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The audit trail of a server: the log (schema {@code audit}, installed and granted to the
 * application role at start), old and new values sealed with the column-encryption keys, and the
 * sealer that chains committed records every 200 ms and signs a checkpoint every 100 records or 30
 * seconds. Each checkpoint is also written as a file under {@code <data>/audit-checkpoints},
 * outside the database, where the database's superuser cannot rewrite it.
 */
final class AuditWiring {
  private static final Logger LOG = Logger.getLogger(AuditWiring.class.getName());
  static final String ORIGIN = "ordersync.dev/audit";

  private AuditWiring() {}

  static AuditLog log(FieldCrypto crypto) {
    ValueSealer sealer =
        new ValueSealer() {
          @Override
          public byte[] seal(byte[] plaintext, String context) {
            return crypto.encrypt(plaintext, FieldContext.of("audit", "value", context));
          }

          @Override
          public byte[] open(byte[] sealed, String context) {
            return crypto.decrypt(sealed, FieldContext.of("audit", "value", context));
          }
        };
    return AuditLog.builder().valueSealer(sealer).build();
  }

  static void install(AuditLog log, DataSource owner, String appRole) {
    try (Connection c = owner.getConnection()) {
      log.install(c, appRole);
    } catch (SQLException e) {
      throw new StartupException("cannot install the audit log: " + e.getMessage(), e);
    }
  }

  static CheckpointSigner signer(Path keys) {
    try {
      SignatureConfig.register();
      Path file = keys.resolve("audit-checkpoint-keyset.json");
      KeysetHandle keyset;
      if (Files.exists(file)) {
        keyset =
            TinkJsonProtoKeysetFormat.parseKeyset(
                Files.readString(file), InsecureSecretKeyAccess.get());
      } else {
        keyset = KeysetHandle.generateNew(KeyTemplates.get("ED25519_RAW"));
        Files.createDirectories(keys);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
            tmp, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return CheckpointSigner.ed25519(ORIGIN, keyset);
    } catch (GeneralSecurityException | IOException e) {
      throw new StartupException("cannot load the audit checkpoint key: " + e.getMessage(), e);
    }
  }

  static AuditSealer sealer(AuditLog log, CheckpointSigner signer, Path exportFolder) {
    return AuditSealer.builder(log, signer).onCheckpoint(c -> export(c, exportFolder)).build();
  }

  /** One sealing round: chain what has committed, and sign a checkpoint when one is due. */
  static void seal(AuditSealer sealer, DataSource dataSource) {
    // The sealer commits its own transactions: it takes a connection in auto-commit.
    try (Connection c = dataSource.getConnection()) {
      sealer.sealPending(c);
      sealer.checkpointIfDue(c, 100, Duration.ofSeconds(30));
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "audit sealing failed; it will be retried", e);
    }
  }

  /**
   * The trail checked against every checkpoint stored with it; what the admin route and the command
   * report.
   */
  static dev.ordersync.server.http.AdminRoutes.AuditVerification verification(
      AuditLog log,
      dev.ordersync.audit.CheckpointVerifier verifier,
      DataSource dataSource,
      Path exportFolder) {
    return new dev.ordersync.server.http.AdminRoutes.AuditVerification() {
      @Override
      public dev.ordersync.audit.Verification verify() {
        try (Connection c = dataSource.getConnection()) {
          // The same checkpoint is usually both in the database and in a file: each counts once.
          var checkpoints = new java.util.LinkedHashSet<Checkpoint>(log.checkpoints(c, verifier));
          checkpoints.addAll(exported(exportFolder, verifier));
          return log.verify(c, java.util.List.copyOf(checkpoints));
        } catch (SQLException | GeneralSecurityException e) {
          throw new IllegalStateException(
              "the audit trail could not be read: " + e.getMessage(), e);
        }
      }

      @Override
      public java.util.List<java.util.Map<String, Object>> read(
          dev.ordersync.audit.AuditQuery query) {
        try (Connection c = dataSource.getConnection()) {
          var out = new java.util.ArrayList<java.util.Map<String, Object>>();
          for (var r : log.query(c, query).records()) {
            var values = log.open(r);
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("sequence", r.sequence());
            m.put("id", r.id());
            m.put("time", r.time());
            m.put(
                "actor",
                java.util.Map.of(
                    "kind", r.actor().kind().name(),
                    "id", String.valueOf(r.actor().id()),
                    "role", String.valueOf(r.actor().role()),
                    "restaurant", String.valueOf(r.actor().restaurant())));
            m.put("action", r.action().name());
            m.put("entity_type", r.entityType());
            m.put("entity_id", r.entityId());
            m.put("request_id", r.requestId());
            m.put("trace_id", r.traceId());
            m.put("client_address", r.clientAddress());
            m.put("old_value", values.oldValue());
            m.put("new_value", values.newValue());
            out.add(m);
          }
          return out;
        } catch (SQLException | GeneralSecurityException e) {
          throw new IllegalStateException(
              "the audit trail could not be read: " + e.getMessage(), e);
        }
      }

      @Override
      public long checkpoints() {
        try (Connection c = dataSource.getConnection()) {
          return log.checkpoints(c, verifier).size();
        } catch (SQLException | GeneralSecurityException e) {
          throw new IllegalStateException(
              "the audit checkpoints could not be read: " + e.getMessage(), e);
        }
      }
    };
  }

  /**
   * The signed checkpoints exported to a folder outside the database. The verifier takes them
   * beside the ones stored in the database, so that a database superuser who cuts the log's tail
   * and deletes the checkpoints that vouch for it is still caught by any copy of the files. A file
   * whose signature does not verify is not evidence of anything: it is skipped with a warning (it
   * cannot make a good log look bad, nor a bad one good).
   */
  static java.util.List<Checkpoint> exported(
      Path folder, dev.ordersync.audit.CheckpointVerifier verifier) {
    java.util.List<Checkpoint> found = new java.util.ArrayList<>();
    if (folder == null || !Files.isDirectory(folder)) {
      return found;
    }
    try (var files = Files.newDirectoryStream(folder, "checkpoint-*.txt")) {
      for (Path file : files) {
        try {
          found.add(verifier.verify(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
          LOG.warning("audit checkpoint file " + file + " ignored: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "the exported audit checkpoints in " + folder + " could not be read", e);
    }
    return found;
  }

  private static void export(Checkpoint checkpoint, Path folder) {
    try {
      Files.createDirectories(folder);
      Files.writeString(
          folder.resolve(String.format("checkpoint-%012d.txt", checkpoint.size())),
          checkpoint.text(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not export audit checkpoint " + checkpoint.size(), e);
    }
  }
}
