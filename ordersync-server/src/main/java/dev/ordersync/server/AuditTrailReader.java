package dev.ordersync.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.audit.AuditAction;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.audit.AuditPage;
import dev.ordersync.audit.AuditQuery;
import dev.ordersync.audit.AuditRecord;
import dev.ordersync.audit.Checkpoint;
import dev.ordersync.audit.CheckpointVerifier;
import dev.ordersync.audit.Verification;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.server.context.RequestContext;
import dev.ordersync.server.http.AdminRoutes;
import dev.ordersync.server.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final PersonalDataAccessLog reads;

  AuditTrailReader(
      AuditLog log,
      CheckpointVerifier verifier,
      DataSource dataSource,
      Path exportFolder,
      PersonalDataAccessLog reads) {
    this.log = log;
    this.verifier = verifier;
    this.dataSource = dataSource;
    this.exportFolder = exportFolder;
    this.reads = reads;
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
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      for (var r : log.query(c, query).records()) {
        out.add(opened(r));
      }
    } catch (SQLException | GeneralSecurityException e) {
      throw new IllegalStateException("the audit trail could not be read: " + e.getMessage(), e);
    }
    recordRead(out);
    return out;
  }

  /**
   * The values of order and user records hold customers' and users' personal data: an admin who is
   * shown them leaves a record naming those subjects (before the answer is sent). The access
   * records themselves hold ids only, and so do records without values.
   */
  private void recordRead(List<Map<String, Object>> shown) {
    Set<String> subjects = new LinkedHashSet<>();
    for (var r : shown) {
      boolean values = r.get("old_value") != null || r.get("new_value") != null;
      Object type = r.get("entity_type");
      if (values
          && r.get("entity_id") != null
          && !PersonalDataAccessAudited.ACTION.equals(r.get("action"))
          && ("order".equals(type) || "user".equals(type))) {
        subjects.add(type + ":" + r.get("entity_id"));
      }
    }
    var caller = RequestContext.current().map(RequestContext::caller).orElse(null);
    if (!subjects.isEmpty() && caller instanceof Caller.SignedIn admin) {
      reads.record(
          PersonalDataAccess.by(
              admin, "admin_audit", List.copyOf(subjects), List.of("audit_values")));
    }
  }

  /**
   * Pages through the access records newest first, opening each and keeping those about {@code
   * subject} (all when null), until {@code limit} are found or {@link #SCAN_BUDGET} were looked at:
   * a subject is inside the sealed value, so it is matched here, not in SQL. The next cursor is the
   * last record looked at, so a page may hold fewer than {@code limit} and still have a next one.
   */
  @Override
  public AdminRoutes.AccessPage accesses(AuditQuery query, String subject, int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    AuditQuery q = query.action(AuditAction.PERSONAL_DATA_ACCESSED).newestFirst().limit(PAGE);
    Long cursor = null;
    int scanned = 0;
    try (Connection c = dataSource.getConnection()) {
      while (scanned < SCAN_BUDGET) {
        AuditPage page = log.query(c, cursor == null ? q : q.startingAfter(cursor));
        for (AuditRecord r : page.records()) {
          scanned++;
          cursor = r.sequence();
          Map<String, Object> access = access(r);
          if (subject == null || ((List<?>) access.get("subjects")).contains(subject)) {
            out.add(access);
            if (out.size() == limit) {
              return new AdminRoutes.AccessPage(out, cursor);
            }
          }
        }
        if (!page.hasMore()) {
          return new AdminRoutes.AccessPage(out, null);
        }
      }
      return new AdminRoutes.AccessPage(out, cursor);
    } catch (SQLException | GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the audit trail could not be read: " + e.getMessage(), e);
    }
  }

  private static final int PAGE = 500;
  private static final int SCAN_BUDGET = 10_000;

  private Map<String, Object> access(AuditRecord r) throws GeneralSecurityException, IOException {
    JsonNode value = Json.mapper().readTree(log.open(r).newValue());
    var m = new LinkedHashMap<String, Object>();
    m.put("sequence", r.sequence());
    m.put("time", r.time());
    var actor = new LinkedHashMap<String, Object>();
    actor.put("id", r.actor().id());
    actor.put("role", r.actor().role());
    actor.put("restaurant", r.actor().restaurant());
    actor.put(
        "session_id",
        value.path("session_id").isTextual() ? value.path("session_id").asText() : null);
    m.put("actor", actor);
    m.put("view", value.path("view").asText());
    m.put("subjects", strings(value.path("subjects")));
    m.put("fields", strings(value.path("fields")));
    m.put("self", value.path("self").asBoolean());
    m.put("request_id", r.requestId());
    m.put("client_address", r.clientAddress());
    return m;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
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
