package dev.ordersync.server;

import dev.ordersync.audit.AuditLog;
import dev.ordersync.audit.AuditQuery;
import dev.ordersync.audit.AuditRecord;
import dev.ordersync.audit.Checkpoint;
import dev.ordersync.audit.CheckpointVerifier;
import dev.ordersync.audit.Verification;
import dev.ordersync.server.http.AdminRoutes;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The audit trail as administrators and the {@code audit verify} command read it: checked against
 * every signed checkpoint, those stored with it and those exported to files (which a database
 * superuser cannot rewrite), and its records with their values opened.
 */
final class AuditTrailReader implements AdminRoutes.AuditVerification {
  private final AuditLog log;
  private final CheckpointVerifier verifier;
  private final DataSource dataSource;
  private final Path exportFolder;

  AuditTrailReader(
      AuditLog log, CheckpointVerifier verifier, DataSource dataSource, Path exportFolder) {
    this.log = log;
    this.verifier = verifier;
    this.dataSource = dataSource;
    this.exportFolder = exportFolder;
  }

  @Override
  public Verification verify() {
    try (Connection c = dataSource.getConnection()) {
      // The same checkpoint is usually both in the database and in a file: each counts once.
      var checkpoints = new LinkedHashSet<Checkpoint>(log.checkpoints(c, verifier));
      checkpoints.addAll(AuditWiring.exported(exportFolder, verifier));
      return log.verify(c, List.copyOf(checkpoints));
    } catch (SQLException | GeneralSecurityException e) {
      throw new IllegalStateException("the audit trail could not be read: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Map<String, Object>> read(AuditQuery query) {
    try (Connection c = dataSource.getConnection()) {
      var out = new ArrayList<Map<String, Object>>();
      for (var r : log.query(c, query).records()) {
        out.add(opened(r));
      }
      return out;
    } catch (SQLException | GeneralSecurityException e) {
      throw new IllegalStateException("the audit trail could not be read: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> opened(AuditRecord r) throws GeneralSecurityException {
    var values = log.open(r);
    var m = new LinkedHashMap<String, Object>();
    m.put("sequence", r.sequence());
    m.put("id", r.id());
    m.put("time", r.time());
    m.put(
        "actor",
        Map.of(
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
    return m;
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
}
