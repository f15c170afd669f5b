package dev.ordersync.server;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.audit.AuditSealer;
import dev.ordersync.audit.Checkpoint;
import dev.ordersync.audit.CheckpointSigner;
import dev.ordersync.audit.ValueSealer;
import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
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
record AuditWiring(
    AuditLog log,
    CheckpointSigner signer,
    AuditSealer sealer,
    PostgresAuditTrail trail,
    DataSource dataSource,
    Path checkpoints) {
  private static final Logger LOG = Logger.getLogger(AuditWiring.class.getName());
  static final String ORIGIN = "ordersync.dev/audit";
  private static final String AUDIT_OFF_WARNING =
      "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
          + "!! ORDERSYNC_AUDIT=off: NO AUDIT RECORDS ARE WRITTEN. This exists only to measure what auditing\n"
          + "!! costs (bench/run.sh audit-compare). Never run a real restaurant like this.\n"
          + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!";

  /**
   * Installs the log, loads (or makes) the checkpoint key and builds the trail the stores write to.
   */
  static AuditWiring wire(Infrastructure infra) {
    var database = infra.database();
    AuditLog log = log(infra.columns().crypto());
    install(log, database.ownerDataSource(), database.appRole());
    CheckpointSigner signer = signer(infra.deploymentKeys().auditCheckpointKeys());
    Path checkpoints = infra.folder().path().resolve("audit-checkpoints");
    AuditSealer sealer = sealer(log, signer, checkpoints);
    boolean off = infra.config().orderPath().auditOff();
    if (off) {
      LOG.warning(AUDIT_OFF_WARNING);
    }
    var trail = new PostgresAuditTrail(infra.tx(), log, !off);
    return new AuditWiring(log, signer, sealer, trail, database.dataSource(), checkpoints);
  }

  /** The trail checked against its checkpoints, as the admin routes read it. */
  AdminRoutes.AuditVerification verification() {
    return new AuditTrailReader(
        log, signer.verifier(), dataSource, checkpoints, new PersonalDataAccessAudited(trail));
  }

  /** One scheduled sealing round (see {@link #seal(AuditSealer, DataSource)}). */
  void seal() {
    seal(sealer, dataSource);
  }

  /** Seals what has committed and signs a checkpoint now; its size, or empty if none was made. */
  Optional<Long> sealNow() {
    try (Connection c = dataSource.getConnection()) {
      sealer.sealPending(c);
      return sealer.checkpoint(c).map(Checkpoint::size);
    } catch (SQLException e) {
      throw new IllegalStateException("could not seal the audit trail: " + e.getMessage(), e);
    }
  }

  static AuditLog log(FieldCrypto crypto) {
    return AuditLog.builder().valueSealer(new ColumnKeysSealer(crypto)).build();
  }

  /**
   * Old and new values may hold personal data: they are sealed with the same keys as the columns,
   * each bound to the one value of one record it belongs to.
   */
  private record ColumnKeysSealer(FieldCrypto crypto) implements ValueSealer {
    @Override
    public byte[] seal(byte[] plaintext, String context) {
      return crypto.encrypt(plaintext, FieldContext.of("audit", "value", context));
    }

    @Override
    public byte[] open(byte[] sealed, String context) {
      return crypto.decrypt(sealed, FieldContext.of("audit", "value", context));
    }
  }

  static void install(AuditLog log, DataSource owner, String appRole) {
    try (Connection c = owner.getConnection()) {
      log.install(c, appRole);
    } catch (SQLException e) {
      throw new StartupException("cannot install the audit log: " + e.getMessage(), e);
    }
  }

  /** The checkpoint signer of the deployment's checkpoint keyset (kept in the database). */
  static CheckpointSigner signer(KeysetHandle keyset) {
    try {
      SignatureConfig.register();
      return CheckpointSigner.ed25519(ORIGIN, keyset);
    } catch (GeneralSecurityException e) {
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
    } catch (java.sql.SQLTransientConnectionException e) {
      // No connection: the database is down (said once, by the pool's circuit) or busy. A round
      // runs every fraction of a second, and a line with a trace for each would flood the log.
      LOG.log(Level.FINE, "audit sealing waits for a database connection", e);
    } catch (SQLException | RuntimeException e) {
      if (dev.ordersync.server.postgres.StorageException.connectionLost(e)) {
        // The connection broke mid-round (the database went away): a line, not a trace a round.
        LOG.warning("audit sealing lost its database connection; it will be retried");
      } else {
        LOG.log(Level.WARNING, "audit sealing failed; it will be retried", e);
      }
    }
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
