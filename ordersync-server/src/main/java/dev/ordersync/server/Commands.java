package dev.ordersync.server;

import com.google.crypto.tink.KeysetHandle;
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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The server's subcommands: administration that must never be reachable over HTTP. They work on the
 * deployment's database and the keys it holds (decision 40), beside running servers: with an
 * external database directly, with the embedded one through the running server's PostgreSQL (or by
 * starting it, when no server runs).
 *
 * <ul>
 *   <li>{@code users create-admin --email E --name N}: the password comes from {@code
 *       ORDERSYNC_ADMIN_PASSWORD} or the first line of standard input, never from the command line
 *       (which other users of the machine can see).
 *   <li>{@code jwt-keys rotate}: a new signing key becomes primary (running servers sign with it
 *       within a minute); tokens of the old keys stay valid until they expire.
 *   <li>{@code jwt-keys retire}: drops the non-primary keys (run it once the token lifetime has
 *       passed after a rotate).
 *   <li>{@code keys status|rotate|rewrap}: the deployment's keys; rotate and rewrap the
 *       column-encryption keys (running servers pick a new key up within a minute).
 *   <li>{@code audit verify}: the audit trail's chain and checkpoints, offline.
 *   <li>{@code healthcheck}: asks the server on this machine (ORDERSYNC_PORT) whether it is ready,
 *       for a container's HEALTHCHECK where no curl is installed; touches no database or key.
 * </ul>
 *
 * <p>Every key change appends an audit record (KEY_ROTATED, KEY_RETIRED) in the database, in the
 * same transaction that reports the change done.
 */
final class Commands {
  private Commands() {}

  /**
   * What a command works on: the deployment's database and its keys (decision 40). With an external
   * database, beside the running servers. With the embedded one: if no server holds the data
   * folder, the command starts the database itself; if a server runs on it, the command connects to
   * that server's embedded PostgreSQL (its port is in {@code <data>/postgres/postmaster.pid}), so
   * the key commands need no stop.
   */
  private record Deployment(DataFolder folder, Database database, DeploymentKeys keys)
      implements AutoCloseable {
    static Deployment open(ServerConfig config) {
      DeploymentKeys.KeyEncryption kek = DeploymentKeys.keyEncryption(config);
      DataFolder folder = null;
      Database database;
      try {
        if (config.embeddedDatabase()) {
          folder = lockedOrNull(config);
          database =
              folder != null
                  ? Infrastructure.openDatabase(config, folder)
                  : Infrastructure.openDatabase(
                      config,
                      "jdbc:postgresql://127.0.0.1:" + runningEmbeddedPort(config) + "/postgres",
                      "postgres",
                      null,
                      null);
        } else {
          database = Infrastructure.openDatabase(config, folder);
        }
      } catch (DatabaseStartException e) {
        if (folder != null) {
          folder.close();
        }
        throw new StartupException(e.getMessage(), e);
      } catch (RuntimeException e) {
        if (folder != null) {
          folder.close();
        }
        throw e;
      }
      try {
        return new Deployment(
            folder, database, Infrastructure.deploymentKeys(database, kek, config));
      } catch (RuntimeException e) {
        database.close();
        if (folder != null) {
          folder.close();
        }
        throw e;
      }
    }

    /** The data folder, locked; null if a running server holds it. */
    private static DataFolder lockedOrNull(ServerConfig config) {
      try {
        return DataFolder.open(config.dataDir());
      } catch (StartupException e) {
        if (Files.exists(config.dataDir().resolve("postgres/postmaster.pid"))) {
          return null;
        }
        throw e;
      }
    }

    /** The port of the embedded PostgreSQL of the server running on the data folder. */
    private static int runningEmbeddedPort(ServerConfig config) {
      Path pid = config.dataDir().resolve("postgres/postmaster.pid");
      try {
        List<String> lines = Files.readAllLines(pid);
        return Integer.parseInt(lines.get(3).strip());
      } catch (IOException | RuntimeException e) {
        throw new StartupException(
            "a server is using the data folder "
                + config.dataDir()
                + ", and the port of its database cannot be read from "
                + pid
                + "; stop the server and run the command again");
      }
    }

    /** The column-encryption keys, as the server reads them. */
    FieldCrypto columnCrypto() {
      return CryptoSetup.crypto(keys.columnKeys(), database.keysDataSource());
    }

    @Override
    public void close() {
      database.close();
      if (folder != null) {
        folder.close();
      }
    }
  }

  static void createAdmin(
      ServerConfig config, String email, String name, String password, PrintStream out) {
    try (Deployment deployment = Deployment.open(config)) {
      Database database = deployment.database();
      JdbcTransactions tx = new JdbcTransactions(database.dataSource());
      var columns = new Columns(deployment.columnCrypto());
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
    } catch (DomainException e) {
      String fields =
          e.errors().stream()
              .map(f -> f.field() + " " + f.message())
              .collect(Collectors.joining("; "));
      throw new StartupException(
          "cannot create the admin: " + (fields.isEmpty() ? e.getMessage() : fields), e);
    }
  }

  /**
   * {@code keys status}: the key versions the database holds, which every instance of the
   * deployment reads, and what wraps them.
   */
  static void keysStatus(ServerConfig config, PrintStream out) {
    try (Deployment deployment = Deployment.open(config)) {
      var crypto = FieldCrypto.open(deployment.keys().columnKeys());
      var keys = deployment.keys();
      out.println("field keys:       " + crypto.fieldKeys().versions());
      out.println("blind index keys: " + crypto.blindIndexKeys().versions());
      out.println("signing keys:     " + signingKeyIds(keys.signingKeys()));
      out.println("where:            in the database, " + keys.describe(DeploymentKeys.FIELDS));
    } catch (StartupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StartupException("cannot read the keys: " + e.getMessage(), e);
    }
  }

  private static String signingKeyIds(KeysetHandle keys) {
    StringBuilder ids = new StringBuilder("[");
    for (int i = 0; i < keys.size(); i++) {
      var entry = keys.getAt(i);
      ids.append(i == 0 ? "" : ", ")
          .append(Integer.toUnsignedString(entry.getId()))
          .append(entry.isPrimary() ? " PRIMARY" : " ACTIVE");
    }
    return ids.append("]").toString();
  }

  /**
   * {@code keys rotate}: a new field key becomes primary, in the database; values under older keys
   * still decrypt. Running servers pick it up within a minute (and at once when they read a value
   * under it); then run {@code keys rewrap}.
   */
  static void keysRotate(ServerConfig config, PrintStream out) {
    try (Deployment deployment = Deployment.open(config)) {
      KeyChange change =
          auditedKeyChange(
              deployment,
              "KEY_ROTATED",
              () -> {
                var crypto = FieldCrypto.open(deployment.keys().columnKeys());
                String before = "field keys " + crypto.fieldKeys().versions();
                int version = crypto.fieldKeys().addKey();
                crypto.fieldKeys().promote(version);
                return new KeyChange(
                    "field_keyset",
                    "primary",
                    before,
                    "field keys " + crypto.fieldKeys().versions(),
                    "field key "
                        + version
                        + " is now primary: "
                        + crypto.fieldKeys().versions()
                        + "; running servers encrypt with it within a minute");
              });
      out.println(change.message());
    } catch (StartupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StartupException("cannot rotate the keys: " + e.getMessage(), e);
    }
  }

  /**
   * {@code keys rewrap}: re-encrypts every stored value under the primary field key, column by
   * column, in batches, printing progress and the totals. Resumable (a checkpoint per column) and
   * idempotent: run it again after an interruption. It runs beside the servers.
   */
  static void keysRewrap(ServerConfig config, PrintStream out) {
    try (Deployment deployment = Deployment.open(config)) {
      Database database = deployment.database();
      var crypto = deployment.columnCrypto();
      boolean allCurrent = true;
      long scanned = 0;
      long rewrapped = 0;
      long current = 0;
      long unreadable = 0;
      StringBuilder summary = new StringBuilder();
      for (var column : ColumnRewrap.Column.values()) {
        RewrapProgress progress = rewrap(crypto, database, column, out);
        allCurrent &= progress.safeToRetire();
        scanned += progress.scanned();
        rewrapped += progress.rewrapped();
        current += progress.alreadyCurrent();
        unreadable += progress.unreadable();
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
          "in total: "
              + scanned
              + " values read, "
              + rewrapped
              + " rewrapped, "
              + current
              + " already current, "
              + unreadable
              + " unreadable");
      out.println(
          allCurrent ? "every value is under the primary key" : "run keys rewrap again to confirm");
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
    try (Deployment deployment = Deployment.open(config)) {
      Database database = deployment.database();
      var log = installedAuditLog(deployment.columnCrypto(), database);
      Path exported =
          checkpointFolder == null
              ? config.dataDir().resolve("audit-checkpoints")
              : checkpointFolder;
      var verifier = AuditWiring.signer(deployment.keys().auditCheckpointKeys()).verifier();
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
    }
  }

  /**
   * {@code jwt-keys rotate}: a new signing key is added to the database's keyset and made primary;
   * running servers sign with it within a minute, and tokens of the older keys stay valid.
   */
  static void rotateSigningKey(ServerConfig config, PrintStream out) {
    signingKeyChange(
        config,
        out,
        "KEY_ROTATED",
        keys -> {
          KeysetHandle next = keys.changeSigningKeys(Commands::withNewSigningKey);
          String id = Integer.toUnsignedString(next.getPrimary().getId());
          return new KeyChange(
              "jwt_signing_keyset",
              "primary",
              null,
              "signing key " + id + " is primary",
              "new primary signing key " + id + "; running servers sign with it within a minute");
        });
  }

  /**
   * {@code jwt-keys retire}: drops the signing keys that are not primary (after the longest access
   * token lifetime has passed since a rotate); running servers stop accepting their tokens within a
   * minute.
   */
  static void retireSigningKeys(ServerConfig config, PrintStream out) {
    signingKeyChange(
        config,
        out,
        "KEY_RETIRED",
        keys -> {
          int[] removed = new int[1];
          keys.changeSigningKeys(
              current -> {
                KeysetHandle next = withoutOldSigningKeys(current);
                removed[0] = current.size() - next.size();
                return next;
              });
          return new KeyChange(
              "jwt_signing_keyset",
              "old",
              null,
              removed[0] + " old signing key(s) retired",
              "retired " + removed[0] + " old signing key(s)");
        });
  }

  private static void signingKeyChange(
      ServerConfig config,
      PrintStream out,
      String action,
      java.util.function.Function<DeploymentKeys, KeyChange> change) {
    try (Deployment deployment = Deployment.open(config)) {
      out.println(
          auditedKeyChange(deployment, action, () -> change.apply(deployment.keys())).message());
    } catch (StartupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StartupException("cannot change the signing keys: " + e.getMessage(), e);
    }
  }

  private static KeysetHandle withNewSigningKey(KeysetHandle current) {
    try {
      return ServerKeys.withNewSigningKey(current);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot add a signing key: " + e.getMessage(), e);
    }
  }

  private static KeysetHandle withoutOldSigningKeys(KeysetHandle current) {
    try {
      return ServerKeys.withoutOldSigningKeys(current);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot retire signing keys: " + e.getMessage(), e);
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
   * succeeded, so no rotation is recorded that did not happen. The key change is written on a
   * connection of its own (the keys' table), so a failure of the audit commit after it cannot undo
   * it: that is reported as an error that says so, and the command can be re-run to record again.
   */
  private static KeyChange auditedKeyChange(
      Deployment deployment, String action, java.util.function.Supplier<KeyChange> change) {
    Database database = deployment.database();
    var log = installedAuditLog(deployment.columnCrypto(), database);
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

  /**
   * {@code healthcheck}: whether the server of this configuration, on this machine, answers its
   * readiness probe ({@code GET /observe/health/ready}) with 200 within {@code timeout}. It is what
   * a container image without curl runs as its HEALTHCHECK (the Dockerfile): it reads only the port
   * and the host, opens no database and no key.
   *
   * @return true when ready (exit status 0), false otherwise (exit status 1)
   */
  static boolean healthcheck(ServerConfig config, java.time.Duration timeout, PrintStream out) {
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    java.net.URI ready =
        java.net.URI.create("http://" + host + ":" + config.port() + "/observe/health/ready");
    try (var client = java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build()) {
      var answer =
          client.send(
              java.net.http.HttpRequest.newBuilder(ready).timeout(timeout).GET().build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      out.println(ready + " answered " + answer.statusCode());
      return answer.statusCode() == 200;
    } catch (IOException e) {
      out.println(ready + " did not answer: " + e.getClass().getSimpleName());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
