package dev.ordersync.core.notify;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.user.AccountAlerts;
import dev.ordersync.core.user.LoginPlace;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * The emails that tell a user about their account's security (a login from somewhere new, a new
 * password, two-factor login turned off) and an owner about their restaurant's staff: recorded in
 * the outbox in the change's unit of work, each with a security event ({@code email_queued}, which
 * the server also keeps in the audit trail) saying it was queued. The text is Korean with an
 * English line; times are Korean time. An erased account is sent nothing.
 */
public final class AccountEmails implements AccountAlerts {
  static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final NotificationOutbox outbox;
  private final Users users;
  private final Restaurants restaurants;
  private final SecurityEvents events;

  public AccountEmails(
      NotificationOutbox outbox, Users users, Restaurants restaurants, SecurityEvents events) {
    this.outbox = outbox;
    this.users = users;
    this.restaurants = restaurants;
    this.events = events;
  }

  @Override
  public void newDeviceLogin(User user, LoginPlace place, UUID sessionId, Instant at) {
    String browser = Browsers.describe(place.userAgent());
    String address = place.address() == null ? "알 수 없음 (unknown)" : place.address();
    String body =
        greeting(user)
            + when(at)
            + "에 처음 보는 기기와 주소에서 오더싱크 계정("
            + masked(user.email().value())
            + ")에 로그인했습니다.\n\n"
            + "- 브라우저: "
            + browser
            + "\n- 주소: "
            + address
            + "\n\n"
            + "본인이 로그인했다면 이 메일은 넘기셔도 됩니다. 본인이 아니라면 바로 비밀번호를 바꾸세요"
            + " (앱의 설정 > 비밀번호: 모든 기기가 로그아웃됩니다). 2단계 인증을 켜 두면 비밀번호만으로는"
            + " 로그인할 수 없습니다.\n\n"
            + "Someone signed in to your OrderSync account at "
            + when(at)
            + " KST from a device and address not seen before ("
            + browser
            + ", "
            + address
            + "). If it was not you, change your password now (this signs out every device) and"
            + " turn on two-step verification.\n";
    send(
        user,
        NotificationKind.NEW_DEVICE_LOGIN,
        "login:" + sessionId,
        "[오더싱크] 새 기기에서 로그인 / New sign-in to your account",
        body,
        null,
        sessionId);
  }

  @Override
  public void passwordChanged(User user, Instant at) {
    String body =
        greeting(user)
            + when(at)
            + "에 오더싱크 계정("
            + masked(user.email().value())
            + ")의 비밀번호가 바뀌었고, 모든 기기에서 로그아웃되었습니다.\n\n"
            + "본인이 바꾸셨다면 이 메일은 넘기셔도 됩니다. 본인이 아니라면 계정이 도용되었을 수"
            + " 있으니 식당의 관리자나 오더싱크 고객센터에 바로 알려 주세요.\n\n"
            + "The password of your OrderSync account was changed at "
            + when(at)
            + " KST and every device was signed out. If it was not you, contact your restaurant's"
            + " administrator or OrderSync support at once.\n";
    send(
        user,
        NotificationKind.PASSWORD_CHANGED,
        "password-changed:" + user.id() + ":" + at.toEpochMilli(),
        "[오더싱크] 비밀번호 변경 / Your password was changed",
        body,
        null,
        null);
  }

  @Override
  public void secondFactorDisabled(User user, Instant at) {
    String body =
        greeting(user)
            + when(at)
            + "에 오더싱크 계정("
            + masked(user.email().value())
            + ")의 2단계 인증이 꺼졌습니다. 이제 비밀번호만으로 로그인할 수 있습니다.\n\n"
            + "본인이 끄셨다면 이 메일은 넘기셔도 됩니다. 본인이 아니라면 바로 비밀번호를 바꾸고"
            + " 2단계 인증을 다시 켜 주세요.\n\n"
            + "Two-step verification was turned off on your OrderSync account at "
            + when(at)
            + " KST. If it was not you, change your password now and turn it back on.\n";
    send(
        user,
        NotificationKind.SECOND_FACTOR_DISABLED,
        "mfa-disabled:" + user.id() + ":" + at.toEpochMilli(),
        "[오더싱크] 2단계 인증 꺼짐 / Two-step verification turned off",
        body,
        null,
        null);
  }

  @Override
  public void staffAdded(UUID restaurantId, User staff, UUID addedBy, Instant at) {
    String restaurant = restaurants.byId(restaurantId).map(Restaurant::name).orElse("식당");
    String who = maskedName(staff.name()) + " (" + masked(staff.email().value()) + ")";
    String source = "staff-added:" + restaurantId + ":" + staff.id() + ":" + at.toEpochMilli();
    for (UUID ownerId : users.owners(restaurantId)) {
      users
          .byId(ownerId)
          .ifPresent(
              owner -> {
                String body =
                    greeting(owner)
                        + when(at)
                        + "에 "
                        + restaurant
                        + "의 직원이 추가되었습니다: "
                        + who
                        + ".\n\n"
                        + "알고 있는 일이라면 이 메일은 넘기셔도 됩니다. 모르는 일이라면 앱의 직원"
                        + " 화면에서 그 직원을 내보내고, 비밀번호를 바꿔 주세요.\n\n"
                        + "A staff member was added to "
                        + restaurant
                        + " at "
                        + when(at)
                        + " KST: "
                        + who
                        + ". If you did not expect this, remove them on the Staff screen and"
                        + " change your password.\n";
                send(
                    owner,
                    NotificationKind.STAFF_ADDED,
                    source,
                    "[오더싱크] 직원 추가됨 / A staff member was added",
                    body,
                    restaurantId,
                    null);
              });
    }
  }

  /**
   * Tells each owner of the restaurant that its webhook endpoint {@code url} failed for {@code
   * failingFor} and was turned off (decision 0045-webhooks); {@code endpointId} makes the source.
   */
  public void webhookDisabled(
      UUID restaurantId, UUID endpointId, String url, String failingFor, Instant at) {
    String restaurant = restaurants.byId(restaurantId).map(Restaurant::name).orElse("식당");
    String source = "webhook-disabled:" + endpointId + ":" + at.toEpochMilli();
    for (UUID ownerId : users.owners(restaurantId)) {
      users
          .byId(ownerId)
          .ifPresent(
              owner -> {
                String body =
                    greeting(owner)
                        + restaurant
                        + "의 웹훅 주소 "
                        + url
                        + " 가 "
                        + failingFor
                        + " 동안 계속 응답하지 않거나 오류를 돌려주어 "
                        + when(at)
                        + "에 전송을 멈췄습니다. 그동안의 이벤트는 보관되어 있습니다.\n\n"
                        + "받는 서버를 고친 뒤 앱이나 API(POST /api/v1/restaurants/me/webhooks/"
                        + endpointId
                        + "/enable)로 다시 켜 주세요. 멈춘 동안의 이벤트는 replay로 다시 보낼 수"
                        + " 있습니다.\n\n"
                        + "The webhook endpoint "
                        + url
                        + " of "
                        + restaurant
                        + " failed for "
                        + failingFor
                        + " and was turned off at "
                        + when(at)
                        + " KST. Fix the receiving server, enable the endpoint again, and replay"
                        + " the events you missed.\n";
                send(
                    owner,
                    NotificationKind.WEBHOOK_DISABLED,
                    source,
                    "[오더싱크] 웹훅 전송 중지 / A webhook endpoint was turned off",
                    body,
                    restaurantId,
                    null);
              });
    }
  }

  private void send(
      User to,
      NotificationKind kind,
      String sourceId,
      String subject,
      String body,
      UUID restaurantId,
      UUID sessionId) {
    if (to.erased()) {
      return;
    }
    outbox.enqueue(
        new Notification(
            sourceId,
            kind,
            new Message(Channel.EMAIL, to.email().value(), subject, body),
            restaurantId,
            to.id()));
    events.record(
        "email_queued", to.id(), sessionId, Map.of("kind", kind.name(), "source_id", sourceId));
  }

  private static String greeting(User user) {
    return user.name() + "님, 안녕하세요.\n\n";
  }

  private static String when(Instant at) {
    return WHEN.format(at.atZone(KOREA));
  }

  /** {@code mi***@example.com}: enough to recognise, not enough to harvest. */
  static String masked(String email) {
    int at = email.indexOf('@');
    if (at < 0) {
      return "***";
    }
    String local = email.substring(0, at);
    int keep = Math.min(2, Math.max(1, local.length() - 1));
    return local.substring(0, keep) + "***" + email.substring(at);
  }

  /** {@code 김*수}, {@code 김*}: the first and the last letter, stars between. */
  static String maskedName(String name) {
    String n = name.strip();
    int[] cps = n.codePoints().toArray();
    if (cps.length <= 1) {
      return n;
    }
    StringBuilder out = new StringBuilder().appendCodePoint(cps[0]);
    if (cps.length == 2) {
      return out.append('*').toString();
    }
    out.append("*".repeat(cps.length - 2)).appendCodePoint(cps[cps.length - 1]);
    return out.toString();
  }
}
