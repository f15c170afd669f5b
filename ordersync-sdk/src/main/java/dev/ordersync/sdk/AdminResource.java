package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An administrator's calls: {@code /api/v1/admin}. Get it from {@link OrderSyncClient#admin()}.
 * Audit and access records are given as the server writes them (maps of plain values: their fields
 * depend on the action recorded).
 */
public final class AdminResource {
  private final ApiRequestor api;

  AdminResource(ApiRequestor api) {
    this.api = api;
  }

  /**
   * Ends every session of a user: {@code POST /admin/users/{id}/revoke-sessions}; how many ended.
   */
  public int revokeSessions(UUID userId) {
    return revokeSessions(userId, null);
  }

  public int revokeSessions(UUID userId, RequestOptions options) {
    return api.post(
            "/admin/users/" + Objects.requireNonNull(userId, "userId") + "/revoke-sessions",
            null,
            Revoked.class,
            options,
            Keying.AS_GIVEN)
        .sessionsEnded();
  }

  /** Checks the audit trail's chain and signed checkpoints: {@code GET /admin/audit/verify}. */
  public AuditVerification verifyAudit() {
    return verifyAudit(null);
  }

  public AuditVerification verifyAudit(RequestOptions options) {
    return api.get("/admin/audit/verify", Map.of(), AuditVerification.class, options);
  }

  /**
   * Audit records, newest first: {@code GET /admin/audit}. Each filter may be null.
   *
   * @param entityType such as {@code order}; {@code entityId} narrows it to one
   * @param action such as {@code ORDER_ACCEPTED}
   * @param limit 1 to 200, null for 50
   */
  public Page<Map<String, Object>> audit(
      String entityType,
      String entityId,
      String actor,
      String action,
      Instant from,
      Instant to,
      Integer limit) {
    Map<String, String> q = new LinkedHashMap<>();
    put(q, "entity_type", entityType);
    put(q, "entity_id", entityId);
    put(q, "actor", actor);
    put(q, "action", action);
    put(q, "from", from);
    put(q, "to", to);
    put(q, "limit", limit);
    return page("/admin/audit", q);
  }

  /**
   * Who read whose personal data, newest first: {@code GET /admin/personal-data-access}.
   *
   * @param subject {@code user:<id>} or {@code order:<id>}, or null
   * @param actor a user id, or null
   */
  public Page<Map<String, Object>> personalDataAccesses(
      String subject, UUID actor, Instant from, Instant to, Integer limit) {
    Map<String, String> q = new LinkedHashMap<>();
    put(q, "subject", subject);
    put(q, "actor", actor);
    put(q, "from", from);
    put(q, "to", to);
    put(q, "limit", limit);
    return page("/admin/personal-data-access", q);
  }

  /**
   * Text messages and emails the server records to send, newest first: {@code GET
   * /admin/notifications}.
   *
   * @param status {@code pending}, {@code sending}, {@code sent}, {@code unknown}, {@code failed}
   *     or {@code dropped}; null for all
   * @param limit null for the server's default
   */
  public Page<Notification> notifications(String status, Integer limit) {
    return notifications(status, limit, null);
  }

  public Page<Notification> notifications(String status, Integer limit, RequestOptions options) {
    Map<String, String> q = new LinkedHashMap<>();
    put(q, "status", status);
    put(q, "limit", limit);
    return notificationPage(q, options);
  }

  private Page<Notification> notificationPage(Map<String, String> query, RequestOptions options) {
    Notifications page = api.get("/admin/notifications", query, Notifications.class, options);
    return new Page<>(
        page.data(),
        page.nextCursor(),
        cursor -> {
          Map<String, String> next = new LinkedHashMap<>(query);
          next.put("cursor", cursor);
          return notificationPage(next, options);
        });
  }

  /**
   * Sends a {@code failed} or {@code unknown} message again: {@code POST
   * /admin/notifications/{id}/retry}; the message, now {@code pending}. Another status is a {@link
   * ConflictException} {@code not_retryable}.
   */
  public Notification retryNotification(UUID notificationId) {
    return retryNotification(notificationId, null);
  }

  public Notification retryNotification(UUID notificationId, RequestOptions options) {
    return api.post(
        "/admin/notifications/"
            + Objects.requireNonNull(notificationId, "notificationId")
            + "/retry",
        null,
        Notification.class,
        options,
        Keying.AS_GIVEN);
  }

  /**
   * Every restaurant's figures: {@code GET /admin/analytics}. Null dates are the last seven days in
   * Seoul; at most 92 days.
   *
   * @param limit 1 to 200, null for 50
   * @param offset null for 0
   */
  public PlatformAnalytics analytics(
      java.time.LocalDate from, java.time.LocalDate to, Integer limit, Integer offset) {
    return analytics(from, to, limit, offset, null);
  }

  public PlatformAnalytics analytics(
      java.time.LocalDate from,
      java.time.LocalDate to,
      Integer limit,
      Integer offset,
      RequestOptions options) {
    Map<String, String> q = new LinkedHashMap<>();
    put(q, "from", from);
    put(q, "to", to);
    put(q, "limit", limit);
    put(q, "offset", offset);
    return api.get("/admin/analytics", q, PlatformAnalytics.class, options);
  }

  private Page<Map<String, Object>> page(String path, Map<String, String> query) {
    Records records = api.get(path, query, Records.class, null);
    return new Page<>(
        records.data(),
        records.nextCursor(),
        cursor -> {
          Map<String, String> next = new LinkedHashMap<>(query);
          next.put("cursor", cursor);
          return page(path, next);
        });
  }

  private static void put(Map<String, String> q, String name, Object value) {
    if (value != null) {
      q.put(name, value.toString());
    }
  }

  record Revoked(int sessionsEnded) {}

  record Records(List<Map<String, Object>> data, String nextCursor) {}

  record Notifications(List<Notification> data, String nextCursor) {}
}
