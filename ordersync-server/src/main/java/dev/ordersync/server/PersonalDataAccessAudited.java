package dev.ordersync.server;

import dev.ordersync.audit.AuditAction;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.postgres.PostgresAuditTrail;
import java.util.LinkedHashMap;

/**
 * Each read of personal data by a handler becomes a {@code PERSONAL_DATA_ACCESSED} record of the
 * audit chain, appended in the reading unit of work (decision 27): it commits before the data is
 * answered, or the read fails. The actor, request id and client address are the audit trail's own;
 * the value (sealed like every audit value) names the session, the view, the subjects and the
 * fields. A record about one subject also names it as its entity ({@code personal_data}, {@code
 * user:<id>} or {@code order:<id>}).
 */
final class PersonalDataAccessAudited implements PersonalDataAccessLog {
  static final String ACTION = AuditAction.PERSONAL_DATA_ACCESSED.name();
  static final String ENTITY = "personal_data";

  private final PostgresAuditTrail audit;

  PersonalDataAccessAudited(PostgresAuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public void record(PersonalDataAccess access) {
    var value = new LinkedHashMap<String, Object>();
    value.put("view", access.view());
    value.put("subjects", access.subjects());
    value.put("fields", access.fields());
    value.put(
        "session_id",
        access.reader().sessionId() == null ? null : access.reader().sessionId().toString());
    value.put("self", access.self());
    audit.recordBy(
        access.reader(),
        ACTION,
        ENTITY,
        access.subjects().size() == 1 ? access.subjects().getFirst() : null,
        Json.text(value));
  }
}
