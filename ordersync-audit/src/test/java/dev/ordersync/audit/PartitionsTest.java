package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log is partitioned by month, and the partitions are there before the records that need them.
 */
class PartitionsTest {
  static TestPostgres db;

  @BeforeAll
  static void database() {
    db = TestPostgres.create();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void partitionsAreCreatedAheadOnceAndOnlyOnce() throws Exception {
    AuditLog log = installed();
    try (Connection app = db.app()) {
      assertEquals(4, log.ensurePartitions(app, YearMonth.of(2030, 11), 3));
      assertEquals(0, log.ensurePartitions(app, YearMonth.of(2030, 11), 3));
      assertEquals(1, log.ensurePartitions(app, YearMonth.of(2030, 12), 3));
      assertEquals(
          List.of(
              "audit_log_2030_11 FROM ('2030-11-01 00:00:00+00') TO ('2030-12-01 00:00:00+00')",
              "audit_log_2030_12 FROM ('2030-12-01 00:00:00+00') TO ('2031-01-01 00:00:00+00')",
              "audit_log_2031_01 FROM ('2031-01-01 00:00:00+00') TO ('2031-02-01 00:00:00+00')",
              "audit_log_2031_02 FROM ('2031-02-01 00:00:00+00') TO ('2031-03-01 00:00:00+00')",
              "audit_log_2031_03 FROM ('2031-03-01 00:00:00+00') TO ('2031-04-01 00:00:00+00')"),
          partitions(log.schema()));
    }
  }

  @Test
  void theSealerKeepsTheComingMonthsReady() throws Exception {
    AuditLog log = installed();
    try (Connection app = db.app()) {
      AuditSealer.builder(log, AuditFixtures.signer()).monthsAhead(2).build().sealPending(app);
    }
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    List<String> names =
        partitions(log.schema()).stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
    for (int i = 0; i <= 2; i++) {
      assertTrue(
          names.contains("audit_log_" + now.plusMonths(i).toString().replace('-', '_')),
          names.toString());
    }
  }

  @Test
  void aRecordOfAFutureMonthLandsInThatMonthsPartition() throws Exception {
    AuditLog log = installed();
    Instant future = Instant.parse("2031-06-15T08:30:00Z");
    try (Connection app = db.app()) {
      log.append(app, AuditFixtures.ownerAcceptsOrder(1).at(future));
      log.append(app, AuditFixtures.ownerAcceptsOrder(2));
      assertEquals(2, AuditSealer.builder(log, AuditFixtures.signer()).build().sealPending(app));
    }
    try (Connection admin = db.admin();
        Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT tableoid::regclass::text, time FROM "
                    + log.schema()
                    + ".audit_log WHERE sequence = 1")) {
      rs.next();
      assertEquals(log.schema() + ".audit_log_2031_06", rs.getString(1));
    }
  }

  @Test
  void aRecordAtTheFirstMicrosecondOfAMonthBelongsToThatMonth() throws Exception {
    AuditLog log = installed();
    try (Connection app = db.app()) {
      log.append(app, AuditFixtures.ownerAcceptsOrder(1).at(Instant.parse("2031-08-01T00:00:00Z")));
      log.append(
          app, AuditFixtures.ownerAcceptsOrder(2).at(Instant.parse("2031-07-31T23:59:59.999999Z")));
      AuditSealer.builder(log, AuditFixtures.signer()).build().sealPending(app);
    }
    try (Connection admin = db.admin();
        Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT tableoid::regclass::text FROM "
                    + log.schema()
                    + ".audit_log ORDER BY sequence")) {
      rs.next();
      assertEquals(log.schema() + ".audit_log_2031_08", rs.getString(1));
      rs.next();
      assertEquals(log.schema() + ".audit_log_2031_07", rs.getString(1));
    }
  }

  private static AuditLog installed() throws SQLException {
    AuditLog log =
        AuditLog.builder()
            .schema(AuditFixtures.freshSchema())
            .valueSealer(AuditFixtures.tinkSealer())
            .build();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
    }
    return log;
  }

  private static List<String> partitions(String schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection admin = db.admin();
        Statement s = admin.createStatement()) {
      s.execute("SET timezone = 'UTC'");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT c.relname || ' ' || substring(pg_get_expr(c.relpartbound, c.oid) from 'FROM .*')"
                  + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                  + " WHERE i.inhparent = '"
                  + schema
                  + ".audit_log'::regclass ORDER BY c.relname")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
