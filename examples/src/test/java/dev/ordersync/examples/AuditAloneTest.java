package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.audit.Verification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit example against the machine's real PostgreSQL, in a fresh database of its own, dropped
 * afterwards.
 */
class AuditAloneTest {
  static final String ADMIN_URL =
      System.getenv()
          .getOrDefault("ORDERSYNC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String USER = System.getenv().getOrDefault("ORDERSYNC_TEST_PG_USER", "postgres");
  static final String PASSWORD = System.getenv().get("ORDERSYNC_TEST_PG_PASSWORD");
  static final String DATABASE =
      "audit_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeAll
  static void freshDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
  }

  @AfterAll
  static void dropIt() throws Exception {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }
  }

  @Test
  void theExampleSealsVerifiesAndThenNamesTheTamperedRecord() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String url =
        ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1)
            + DATABASE
            + "?user="
            + USER
            + (PASSWORD == null ? "" : "&password=" + PASSWORD);
    AuditAlone.Outcome outcome =
        AuditAlone.run(url, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertEquals(3, outcome.sealed(), "the rolled-back change left no record");
    assertEquals(3, outcome.checkpoint().size());
    assertTrue(outcome.before().intact(), outcome.before().findings().toString());
    assertEquals(
        List.of(Verification.Kind.MODIFIED),
        outcome.after().findings().stream().map(Verification.Finding::kind).toList());
    assertEquals(1, outcome.after().findings().get(0).sequence());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("\u2014 example.ordersync.dev/audit "), printed);
    assertTrue(printed.contains("proven in the checkpoint"), printed);
    assertTrue(printed.contains("MODIFIED #1"), printed);
  }
}
