package dev.ordersync.server;

import dev.ordersync.audit.Actor;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.PasswordPolicy;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.core.user.User;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.crypto.RewrapProgress;
import dev.ordersync.server.auth.Argon2idPasswordHasher;
import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.auth.ZxcvbnCommonPasswords;
import dev.ordersync.server.postgres.ColumnRewrap;
import dev.ordersync.server.postgres.Columns;
import dev.ordersync.server.postgres.Database;
import dev.ordersync.server.postgres.DatabaseStartException;
import dev.ordersync.server.postgres.JdbcTransactions;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import dev.ordersync.server.postgres.PostgresSecurityEvents;
import dev.ordersync.server.postgres.PostgresUsers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * The server's subcommands: administration that must never be reachable over HTTP. With the
 * embedded database they run while the server is stopped (the data folder is locked by a running
 * server).
 *
 * <ul>
 *   <li>{@code users create-admin --email E --name N}: the password comes from {@code
 *       ORDERSYNC_ADMIN_PASSWORD} or the first line of standard input, never from the command line
 *       (which other users of the machine can see).
 *   <li>{@code jwt-keys rotate}: a new signing key becomes primary; tokens of the old keys stay
 *       valid until they expire.
 *   <li>{@code jwt-keys retire}: drops the non-primary keys (run it once the token lifetime has
 *       passed after a rotate).
 *   <li>{@code keys status|rotate|rewrap}: the column-encryption keys.
 *   <li>{@code audit verify}: the audit trail's chain and checkpoints, offline.
 * </ul>
 *
 * <p>Every key change appends an audit record (KEY_ROTATED, KEY_RETIRED) in the database, in the
 * same transaction that reports the change done.
 */
final class Commands {
  private Commands() {}

  static void createAdmin(
      ServerConfig config, String email, String name, String password, PrintStream out) {
    try (DataFolder folder = DataFolder.open(config.dataDir());
        Database database = openDatabase(config, folder)) {
      JdbcTransactions tx = new JdbcTransactions(database.dataSource());
      var columns = new Columns(columnCrypto(config, database));
      CreateAdmin create =
          new CreateAdmin(
              new PostgresUsers(tx, columns),
              new Argon2idPasswordHasher(),
              new PasswordPolicy(new ZxcvbnCommonPasswords()),
              new PostgresSecurityEvents(tx),
              tx,
              Clock.systemUTC());
      User admin = create.handle(CreateAdmin.Command.from(email, name, password));
      out.println("created ADMIN " + admin.email() + " (" + admin.id() + ")");
    } catch (DatabaseStartException e) {
      throw new StartupException(e.getMessage(), e);
    } catch (DomainException e) {
      String fields =
          e.errors().stream()
              .map(f -> f.field() + " " + f.message())
              .collect(Collectors.joining("; "));
      throw new StartupException(
          "cannot create the admin: " + (fields.isEmpty() ? e.getMessage() : fields), e);
    }
  }

  /** {@code keys status}: the column-encryption and blind-index key versions. */
  static void keysStatus(ServerConfig config, PrintStream out) {
    try {
      var crypto = FieldCrypto.open(CryptoSetup.keysetStore(config, config.keys()));
      out.println("field keys:       " + crypto.fieldKeys().versions());
      out.println("blind index keys: " + crypto.blindIndexKeys().versions());
    } catch (RuntimeException e) {
      throw new StartupException("cannot read the keys: " + e.getMessage(), e);
    }
  }

  /**
   * {@code keys rotate}: a new field key becomes primary; values under older keys still decrypt.
   * With several server instances, restart them all (or let them reload) before relying on the new
   * key; then run {@code keys rewrap}.
   */
  static void keysRotate(ServerConfig config, PrintStream out) {
    try (DataFolder folder = DataFolder.open(config.dataDir())) {
      KeyChange change =
          auditedKeyChange(
              config,
              folder,
              "KEY_ROTATED",
              () -> {
                var crypto = FieldCrypto.open(CryptoSetup.keysetStore(config, config.keys()));
                String before = "field keys " + crypto.fieldKeys().versions();
                int version = crypto.fieldKeys().addKey();
                crypto.fieldKeys().promote(version);
                return new KeyChange(
                    "field_keyset",
                    "primary",
                    before,
                    "field keys " + crypto.fieldKeys().versions(),
                    "field key " + version + " is now primary: " + crypto.fieldKeys().versions());
              });
      out.println(change.message());
    } catch (DatabaseStartException e) {
      throw new StartupException(e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof StartupException) {
        throw e;
      }
      throw new StartupException("cannot rotate the keys: " + e.getMessage(), e);
    }
  }

  /**
   * {@code keys rewrap}: re-encrypts every stored value under the primary field key, column by
   * column, in batches, printing progress. Resumable (a checkpoint per column) and idempotent: run
   * it again after an interruption. With an external database it runs beside the servers (give it
   * their ORDERSYNC_KEYS_DIR); the embedded database lives inside a server, so there the server
   * must be stopped first.
   */
  static void keysRewrap(ServerConfig config, PrintStream out) {
    try (DataFolder folder = DataFolder.open(config.dataDir());
        Database database = openDatabase(config, folder)) {
      var crypto = columnCrypto(config, database);
      boolean allCurrent = true;
      StringBuilder summary = new StringBuilder();
      for (var column : ColumnRewrap.Column.values()) {
        RewrapProgress progress = rewrap(crypto, database, column, out);
        allCurrent &= progress.safeToRetire();
        summary
            .append(column.label())
            .append(": ")
            .append(progress.rewrapped())
            .append(" rewrapped; ");
      }
      var log = installedAuditLog(crypto, database);
      JdbcTransactions tx = new JdbcTransactions(database.dataSource());
      var trail = new PostgresAuditTrail(tx, log);
      String after =
          summary + (allCurrent ? "every value under the primary key" : "not yet complete");
      tx.run(
          () -> {
            trail.recordAs(operator(), "KEYS_REWRAPPED", "field_keyset", "values", null, after);
            return null;
          });
      out.println(
          allCurrent ? "every value is under the primary key" : "run keys rewrap again to confirm");
    } catch (DatabaseStartException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** Rewraps one column in batches of 500, printing its progress. */
  private static RewrapProgress rewrap(
      FieldCrypto crypto, Database database, ColumnRewrap.Column column, PrintStream out) {
    var job = crypto.rewrap(new ColumnRewrap(database.keysDataSource(), column), 500);
    var progress =
        job.run(
            p ->
                out.println(
                    column.label() + ": scanned " + p.scanned() + ", rewrapped " + p.rewrapped()));
    out.println(
        column.label()
            + ": done, "
            + progress.rewrapped()
            + " rewrapped, "
            + progress.alreadyCurrent()
            + " already current, "
            + progress.unreadable()
            + " unreadable");
    return progress;
  }

  /**
   * {@code audit verify}: checks the audit trail's hash chain against its signed checkpoints,
   * offline. Prints every finding (the record modified, deleted, inserted or reordered, or a cut
   * tail) and returns false if there is any.
   */
  static boolean auditVerify(ServerConfig config, Path checkpointFolder, PrintStream out) {
    try (DataFolder folder = DataFolder.open(config.dataDir());
        Database database = openDatabase(config, folder)) {
      var log = installedAuditLog(columnCrypto(config, database), database);
      Path exported =
          checkpointFolder == null ? folder.path().resolve("audit-checkpoints") : checkpointFolder;
      var verifier = AuditWiring.signer(config.keys()).verifier();
      var reader =
          new AuditTrailReader(
              log, verifier, database.dataSource(), exported, PersonalDataAccessLog.none());
      var v = reader.verify();
      out.println(
          v.records()
              + " records, "
              + reader.checkpoints()
              + " signed checkpoints in the database, "
              + AuditWiring.exported(exported, verifier).size()
              + " exported");
      v.findings()
          .forEach(f -> out.println(f.kind() + " at sequence " + f.sequence() + ": " + f.detail()));
      out.println(
          v.intact() ? "the audit trail is intact" : "THE AUDIT TRAIL HAS BEEN TAMPERED WITH");
      return v.intact();
    } catch (DatabaseStartException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  static void rotateSigningKey(ServerConfig config, PrintStream out) {
    if (config.jwtKeysetJson() != null) {
      throw new StartupException(
          "the signing keyset comes from ORDERSYNC_JWT_KEYSET: rotate it where it is kept");
    }
    try (DataFolder folder = DataFolder.open(config.dataDir())) {
      KeyChange change =
          auditedKeyChange(
              config,
              folder,
              "KEY_ROTATED",
              () -> {
                int id = ServerKeys.rotateSigningKey(config.keys());
                return new KeyChange(
                    "jwt_signing_keyset",
                    "primary",
                    null,
                    "signing key " + id + " is primary",
                    "new primary signing key " + id + "; restart the servers to sign with it");
              });
      out.println(change.message());
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage(), e);
    } catch (DatabaseStartException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  static void retireSigningKeys(ServerConfig config, PrintStream out) {
    try (DataFolder folder = DataFolder.open(config.dataDir())) {
      KeyChange change =
          auditedKeyChange(
              config,
              folder,
              "KEY_RETIRED",
              () -> {
                int removed = ServerKeys.retireOldSigningKeys(config.keys());
                return new KeyChange(
                    "jwt_signing_keyset",
                    "old",
                    null,
                    removed + " old signing key(s) retired",
                    "retired " + removed + " old signing key(s)");
              });
      out.println(change.message());
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage(), e);
    } catch (DatabaseStartException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /**
   * A key change made by an operator, as the audit record describes it, and what to tell the
   * operator.
   */
  private record KeyChange(
      String entityType, String entityId, String before, String after, String message) {}

  /**
   * Makes a key change and appends its audit record (actor: the operator's account on this machine)
   * in one database transaction: the record is appended first and commits only if the change
   * succeeded, so no rotation is recorded that did not happen. The keysets live in files, not in
   * the database, so a failure of the commit itself, after the change, cannot be undone: it is
   * reported as an error that says so, and the command can be re-run to record again. This is why
   * the key commands need the database (with the embedded one, the server stopped).
   */
  private static KeyChange auditedKeyChange(
      ServerConfig config,
      DataFolder folder,
      String action,
      java.util.function.Supplier<KeyChange> change) {
    try (Database database = openDatabase(config, folder)) {
      var log = installedAuditLog(columnCrypto(config, database), database);
      JdbcTransactions tx = new JdbcTransactions(database.dataSource());
      var trail = new PostgresAuditTrail(tx, log);
      Actor operator = operator();
      KeyChange[] made = new KeyChange[1];
      try {
        return tx.run(
            () -> {
              made[0] = change.get();
              trail.recordAs(
                  operator,
                  action,
                  made[0].entityType(),
                  made[0].entityId(),
                  made[0].before(),
                  made[0].after());
              return made[0];
            });
      } catch (RuntimeException e) {
        if (made[0] != null) {
          throw new StartupException(
              "the key change was made ("
                  + made[0].message()
                  + ") but its audit record could not"
                  + " be written: "
                  + e.getMessage()
                  + "; check the database and record it by hand",
              e);
        }
        throw e;
      }
    }
  }

  /** The database, migrated, as the server opens it. */
  private static Database openDatabase(ServerConfig config, DataFolder folder) {
    return Infrastructure.openDatabase(
        config, folder, CryptoSetup.keysetStore(config, config.keys()));
  }

  /** The column-encryption keys, as the server reads them. */
  private static FieldCrypto columnCrypto(ServerConfig config, Database database) {
    return CryptoSetup.crypto(
        CryptoSetup.keysetStore(config, config.keys()), database.keysDataSource());
  }

  /** The audit log, installed (as at a server's start) so that a command can append to it. */
  private static AuditLog installedAuditLog(FieldCrypto crypto, Database database) {
    AuditLog log = AuditWiring.log(crypto);
    AuditWiring.install(log, database.ownerDataSource(), database.appRole());
    return log;
  }

  /** The actor of a command: the operator's account on this machine. */
  private static Actor operator() {
    return Actor.system("command line (" + System.getProperty("user.name", "unknown") + ")");
  }
}
