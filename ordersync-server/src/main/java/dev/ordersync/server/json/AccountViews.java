package dev.ordersync.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.User;
import dev.ordersync.server.json.OrderViews.OrderView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account as its user sees it: the profile, the tokens of a login, the sessions, and the export
 * of everything held. Each {@code of} method is the only place its domain object becomes JSON.
 */
public final class AccountViews {
  private AccountViews() {}

  public record UserView(
      UUID id, String email, String name, String phone, String role, Instant createdAt) {
    public static UserView of(User u) {
      return new UserView(
          u.id(),
          u.email().value(),
          u.name(),
          u.phone() == null ? null : u.phone().formatted(),
          u.role().name(),
          u.createdAt());
    }
  }

  public record MembershipView(UUID restaurantId, String role) {
    public static MembershipView of(Membership m) {
      return new MembershipView(m.restaurantId(), m.role().name());
    }
  }

  public record MeView(
      UUID id,
      String email,
      String name,
      String phone,
      String role,
      Instant createdAt,
      UUID restaurantId,
      boolean mfaEnabled,
      List<MembershipView> memberships) {
    public static MeView of(
        User u, UUID restaurantId, List<Membership> memberships, boolean mfaEnabled) {
      UserView v = UserView.of(u);
      return new MeView(
          v.id(),
          v.email(),
          v.name(),
          v.phone(),
          v.role(),
          v.createdAt(),
          restaurantId,
          mfaEnabled,
          memberships.stream().map(MembershipView::of).toList());
    }
  }

  public record TokenView(
      String accessToken,
      @JsonInclude(JsonInclude.Include.NON_NULL) String refreshToken,
      String tokenType,
      long expiresIn,
      UUID restaurantId) {}

  public record SessionView(
      UUID id,
      UUID restaurantId,
      boolean secondFactor,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedReason) {
    static SessionView of(Sessions.Summary s) {
      return new SessionView(
          s.session().id(),
          s.session().restaurantId(),
          s.session().secondFactor(),
          s.session().createdAt(),
          s.session().expiresAt(),
          s.revokedAt(),
          s.revokedReason());
    }
  }

  /** Everything held about a user (GET /auth/me/export). */
  public record ExportView(
      UserView user,
      List<MembershipView> memberships,
      boolean mfaEnabled,
      int recoveryCodesLeft,
      List<SessionView> sessions,
      List<OrderView> orders,
      Instant exportedAt) {
    public static ExportView of(ExportMyData.Export e) {
      return new ExportView(
          UserView.of(e.user()),
          e.memberships().stream().map(MembershipView::of).toList(),
          e.secondFactorEnabled(),
          e.recoveryCodesLeft(),
          e.sessions().stream().map(SessionView::of).toList(),
          e.orders().stream().map(OrderView::of).toList(),
          Instant.now());
    }
  }
}
