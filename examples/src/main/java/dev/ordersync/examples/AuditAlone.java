package dev.ordersync.examples;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.ordersync.audit.Actor;
import dev.ordersync.audit.AuditAction;
import dev.ordersync.audit.AuditEntry;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.audit.AuditQuery;
import dev.ordersync.audit.AuditRecord;
import dev.ordersync.audit.AuditSealer;
import dev.ordersync.audit.Checkpoint;
import dev.ordersync.audit.CheckpointSigner;
import dev.ordersync.audit.CheckpointVerifier;
import dev.ordersync.audit.InclusionProof;
import dev.ordersync.audit.ValueSealer;
import dev.ordersync.audit.Verification;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * ordersync-audit on its own, against any PostgreSQL: a restaurant's changes are audited in the
 * same transactions that make them, the sealer chains and checkpoints them, the verifier finds the
 * log intact; then someone with superuser rights edits a record behind the library's back, and the
 * verifier names it.
 *
 * <p>Everything happens in a fresh schema, dropped at the end. Run it with {@code mvn -q -f
 * examples compile exec:java -Dexec.mainClass=dev.ordersync.examples.AuditAlone}, optionally with a
 * JDBC URL as argument or in {@code ORDERSYNC_EXAMPLE_DB_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres}, user postgres unless the URL says otherwise). The
 * tampering step needs a superuser, as tampering does.
 */
public final class AuditAlone {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private AuditAlone() {}

  /**
   * What happened: how many records were sealed, the checkpoint, and the verdicts before and after
   * tampering.
   */
  public record Outcome(
      int sealed, Checkpoint checkpoint, Verification before, Verification after) {}

  public static void main(String[] args) throws Exception {
    String url =
        args.length > 0
            ? args[0]
            : System.getenv().getOrDefault("ORDERSYNC_EXAMPLE_DB_URL", DEFAULT_URL);
    run(url, System.out);
  }

  public static Outcome run(String jdbcUrl, PrintStream out) throws Exception {
    String schema =
        "audit_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection db = connect(jdbcUrl)) {
      try {
        return story(db, schema, out);
      } finally {
        try (Statement s = db.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }

  private static Outcome story(Connection db, String schema, PrintStream out) throws Exception {
    AuditLog log = install(db, schema, out);
    appendWithTheChanges(db, schema, log, out);
    Sealed sealed = sealAndExport(db, log, out);
    Verification before = verifyAndProve(db, log, sealed.trusted(), out);
    Verification after = tamperAndVerify(db, schema, log, sealed.trusted(), out);
    return new Outcome(sealed.count(), sealed.trusted(), before, after);
  }

  private record Sealed(int count, Checkpoint trusted) {}

  private static AuditLog install(Connection db, String schema, PrintStream out) throws Exception {
    // The wiring: where the tables live, and how old/new values are encrypted (here a Tink AEAD;
    // the server uses
    // ordersync-crypto). A single-role setup: the tables' owner also appends, so the triggers are
    // the wall.
    AuditLog log = AuditLog.builder().schema(schema).valueSealer(aeadSealer()).build();
    log.install(db, currentUser(db));
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + schema
              + ".dish (id int PRIMARY KEY, name text NOT NULL, price int NOT NULL)");
      s.execute("INSERT INTO " + schema + ".dish VALUES (1, '김치찌개', 9000)");
    }
    out.println("Installed the audit tables in schema " + schema);
    return log;
  }

  private static void appendWithTheChanges(
      Connection db, String schema, AuditLog log, PrintStream out) throws SQLException {
    // Each change and its audit record commit together, or not at all.
    Actor owner = Actor.user("owner-1", "OWNER", "seoul-kitchen");
    db.setAutoCommit(false);
    change(db, "UPDATE " + schema + ".dish SET price = 9500 WHERE id = 1");
    log.append(
        db,
        AuditEntry.of(owner, AuditAction.MENU_UPDATED)
            .about("dish", "1")
            .request("req-1", "trace-1", "203.0.113.7")
            .values("{\"price\":9000}", "{\"price\":9500}"));
    db.commit();
    log.append(
        db,
        AuditEntry.of(Actor.anonymousAt("seoul-kitchen"), AuditAction.CREATE_ORDER)
            .about("order", "A-17")
            .values(null, "{\"lines\":[{\"dish\":1,\"qty\":2}],\"total\":19000}"));
    db.commit();
    change(db, "UPDATE " + schema + ".dish SET price = 1 WHERE id = 1");
    log.append(
        db,
        AuditEntry.of(owner, AuditAction.MENU_UPDATED)
            .about("dish", "1")
            .values("{\"price\":9500}", "{\"price\":1}"));
    db.rollback();
    out.println("A price change was rolled back: its audit record went with it");
    log.append(
        db,
        AuditEntry.of(owner, AuditAction.ACCEPT_ORDER)
            .about("order", "A-17")
            .values("{\"status\":\"PLACED\"}", "{\"status\":\"ACCEPTED\"}"));
    db.commit();
    db.setAutoCommit(true);
  }

  private static Sealed sealAndExport(Connection db, AuditLog log, PrintStream out)
      throws Exception {
    // The sealer chains what committed, in commit order, and signs a checkpoint (the server does
    // both on a timer).
    CheckpointSigner signer = CheckpointSigner.withNewKey("example.ordersync.dev/audit");
    AuditSealer sealer = AuditSealer.builder(log, signer).build();
    int sealed = sealer.sealPending(db);
    Checkpoint checkpoint = sealer.checkpoint(db).orElseThrow();
    out.println("Sealed " + sealed + " records; checkpoint:");
    out.print(checkpoint.text().indent(4));

    // The checkpoint leaves the database: a file here, object storage or a transparency witness in
    // production.
    Path exported = Files.createTempFile("audit-checkpoint-", ".txt");
    Files.writeString(exported, checkpoint.text(), StandardCharsets.UTF_8);
    CheckpointVerifier verifier = CheckpointVerifier.fromVerifierKey(signer.verifierKey());
    Checkpoint trusted = verifier.verify(Files.readString(exported, StandardCharsets.UTF_8));
    Files.delete(exported);
    return new Sealed(sealed, trusted);
  }

  private static Verification verifyAndProve(
      Connection db, AuditLog log, Checkpoint trusted, PrintStream out) throws Exception {
    Verification before = log.verify(db, List.of(trusted));
    out.println(
        "Verified "
            + before.records()
            + " records against the checkpoint: "
            + (before.intact() ? "intact" : before.findings()));

    for (AuditRecord r : log.query(db, AuditQuery.all().entity("dish", "1")).records()) {
      InclusionProof proof = log.proveInclusion(db, r.sequence(), trusted);
      out.println(
          "#"
              + r.sequence()
              + " "
              + r.action()
              + " by "
              + r.actor().id()
              + ": "
              + log.open(r)
              + (proof.verify(r, trusted)
                  ? ", proven in the checkpoint"
                  : ", NOT in the checkpoint"));
    }
    return before;
  }

  private static Verification tamperAndVerify(
      Connection db, String schema, AuditLog log, Checkpoint trusted, PrintStream out)
      throws Exception {
    // Someone with superuser rights switches the triggers off and rewrites what record #1 says the
    // new price was.
    try (Statement s = db.createStatement()) {
      s.execute("SET session_replication_role = replica");
      s.executeUpdate(
          "UPDATE "
              + schema
              + ".audit_log SET new_value = (SELECT new_value FROM "
              + schema
              + ".audit_log WHERE sequence = 3) WHERE sequence = 1");
      s.execute("RESET session_replication_role");
    }
    Verification after = log.verify(db, List.of(trusted));
    out.println("After tampering: " + (after.intact() ? "intact?!" : ""));
    for (Verification.Finding f : after.findings()) {
      out.println("  " + f.kind() + " #" + f.sequence() + ": " + f.detail());
    }
    return after;
  }

  private static void change(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  /**
   * Old and new values encrypted with AES-GCM, bound to their record and column through the
   * associated data.
   */
  private static ValueSealer aeadSealer() throws GeneralSecurityException {
    AeadConfig.register();
    Aead aead =
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
            .getPrimitive(RegistryConfiguration.get(), Aead.class);
    return new ValueSealer() {
      @Override
      public byte[] seal(byte[] plaintext, String context) throws GeneralSecurityException {
        return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public byte[] open(byte[] sealed, String context) throws GeneralSecurityException {
        return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  private static Connection connect(String url) throws SQLException {
    Properties props = new Properties();
    if (!url.contains("user=")) {
      props.setProperty(
          "user", System.getenv().getOrDefault("ORDERSYNC_EXAMPLE_DB_USER", "postgres"));
      String password = System.getenv("ORDERSYNC_EXAMPLE_DB_PASSWORD");
      if (password != null) {
        props.setProperty("password", password);
      }
    }
    return DriverManager.getConnection(url, props);
  }

  private static String currentUser(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
