package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.Totp;
import dev.ordersync.sdk.AccountExport;
import dev.ordersync.sdk.ApiResponse;
import dev.ordersync.sdk.AuthenticationException;
import dev.ordersync.sdk.BusinessRuleException;
import dev.ordersync.sdk.CreateCategoryRequest;
import dev.ordersync.sdk.CreateMenuItemRequest;
import dev.ordersync.sdk.CreateRestaurantRequest;
import dev.ordersync.sdk.Fulfillment;
import dev.ordersync.sdk.InvalidRequestException;
import dev.ordersync.sdk.LiveSubscription;
import dev.ordersync.sdk.LoginResult;
import dev.ordersync.sdk.Menu;
import dev.ordersync.sdk.MenuCategory;
import dev.ordersync.sdk.MenuItem;
import dev.ordersync.sdk.MenuLiveListener;
import dev.ordersync.sdk.NewOptionGroup;
import dev.ordersync.sdk.NewPriceRule;
import dev.ordersync.sdk.NotFoundException;
import dev.ordersync.sdk.OpeningHours;
import dev.ordersync.sdk.OptionGroup;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.OrderSyncException;
import dev.ordersync.sdk.PlaceOrderRequest;
import dev.ordersync.sdk.PlatformAnalytics;
import dev.ordersync.sdk.PriceRule;
import dev.ordersync.sdk.RegisterRequest;
import dev.ordersync.sdk.RequestOptions;
import dev.ordersync.sdk.Restaurant;
import dev.ordersync.sdk.Role;
import dev.ordersync.sdk.SalesAnalytics;
import dev.ordersync.sdk.Session;
import dev.ordersync.sdk.SettlementRange;
import dev.ordersync.sdk.StaffMember;
import dev.ordersync.sdk.Tokens;
import dev.ordersync.sdk.TotpEnrollment;
import dev.ordersync.sdk.UpdateAvailabilityRequest;
import dev.ordersync.sdk.UpdateSettingsRequest;
import dev.ordersync.sdk.User;
import dev.ordersync.server.RunningServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's calls against a real server: every record read from the server's own answers, every
 * request body accepted by it.
 */
class SdkAgainstServerTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  private static final String PASSWORD = "correct horse battery staple";

  private static OrderSyncClient anonymous() {
    return OrderSyncClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
  }

  private record Shop(OrderSyncClient owner, Session session, Restaurant restaurant) {}

  private static Shop openShop(OrderSyncClient anonymous) {
    String email = "sdk-" + UUID.randomUUID() + "@example.kr";
    anonymous.auth().register(RegisterRequest.owner(email, PASSWORD, "Owner"));
    Tokens first = anonymous.auth().login(email, PASSWORD).authenticated().orElseThrow();
    Restaurant r =
        anonymous
            .withAccessToken(first.accessToken())
            .restaurants()
            .create(
                new CreateRestaurantRequest("Back Office", IntegratorWithSdk.aBusinessNumber()));
    Session session =
        anonymous
            .auth()
            .session(anonymous.auth().login(email, PASSWORD, r.id()).authenticated().orElseThrow());
    return new Shop(anonymous.withTokenProvider(session), session, r);
  }

  @Test
  void theBackOfficeThroughTheSdk() {
    OrderSyncClient anonymous = anonymous();
    Shop shop = openShop(anonymous);
    OrderSyncClient owner = shop.owner();

    // Categories: create, rename, reorder, delete.
    MenuCategory rice = owner.restaurants().createCategory(new CreateCategoryRequest("Rice"));
    MenuCategory noodles = owner.restaurants().createCategory(new CreateCategoryRequest("Noodles"));
    assertEquals(
        "Cold noodles",
        owner.restaurants().updateCategory(noodles.id(), "Cold noodles", null).name());
    List<MenuCategory> ordered =
        owner.restaurants().reorderCategories(List.of(noodles.id(), rice.id()));
    assertEquals(List.of(noodles.id(), rice.id()), ordered.stream().map(MenuCategory::id).toList());
    assertEquals(0, ordered.getFirst().position());

    // An item with an option group and a price rule: the menu and the order line show them.
    MenuItem bibimbap =
        owner
            .restaurants()
            .createMenuItem(new CreateMenuItemRequest("Bibimbap", 10_000).inCategory(rice.id()));
    OptionGroup size =
        owner
            .restaurants()
            .addOptionGroup(
                bibimbap.id(),
                new NewOptionGroup(
                    "Size",
                    1,
                    1,
                    List.of(
                        NewOptionGroup.Option.of("Regular", 0),
                        NewOptionGroup.Option.of("Large", 1_000))));
    LocalTime window =
        LocalTime.now(ZoneId.of(shop.restaurant().timeZone())).truncatedTo(ChronoUnit.MINUTES);
    PriceRule lunch =
        owner
            .restaurants()
            .addPriceRule(
                new NewPriceRule(
                    "All day",
                    PriceRule.Kind.PERCENT_OFF,
                    10,
                    List.of(),
                    window.minusHours(1),
                    window.plusHours(2),
                    1,
                    List.of(bibimbap.id()),
                    List.of()));
    assertEquals(
        List.of(lunch.id()),
        owner.restaurants().listPriceRules().stream().map(PriceRule::id).toList());
    Menu mine = owner.restaurants().myMenu();
    MenuItem shown = mine.items().getFirst();
    assertEquals(10_000, shown.basePrice());
    assertEquals(9_000, shown.price());
    assertEquals(lunch.id(), shown.priceRule().id());
    assertEquals("Size", shown.optionGroups().getFirst().name());
    assertEquals(1, mine.priceRules().size());
    assertEquals(
        1,
        anonymous
            .restaurants()
            .menu(shop.restaurant().id())
            .items()
            .getFirst()
            .optionGroups()
            .size());
    assertTrue(anonymous.restaurants().menu(shop.restaurant().id()).priceRules().isEmpty());

    UUID large = size.options().get(1).id();
    Order order =
        anonymous
            .orders()
            .place(
                PlaceOrderRequest.builder(shop.restaurant().id(), Fulfillment.TAKEOUT)
                    .item(bibimbap.id(), 1, List.of(large))
                    .customer("Kim", "010-1234-5678")
                    .build());
    var line = order.items().getFirst();
    assertEquals(10_000, line.basePrice());
    assertEquals(1_000, line.options().getFirst().priceDelta());
    assertEquals("Large", line.options().getFirst().name());
    assertEquals(lunch.id(), line.priceRule().id());
    assertEquals(order.total(), line.unitPrice());

    // The restaurant sees the phone masked, and reveals it on purpose.
    Order onTheBoard = owner.restaurantOrders().list().data().getFirst();
    assertNull(onTheBoard.customer().phone());
    assertEquals("010-****-5678", onTheBoard.customer().phoneMasked());
    assertEquals("010-1234-5678", owner.restaurantOrders().revealPhone(order.id()).orElseThrow());

    // The guest erases their name and phone with the order token.
    anonymous.orders().eraseCustomer(order.id(), RequestOptions.accessToken(order.orderToken()));
    Order erased =
        anonymous.orders().get(order.id(), RequestOptions.accessToken(order.orderToken()));
    assertNull(erased.customer().name());
    assertEquals(order.version() + 1, erased.version());

    owner.restaurants().removePriceRule(lunch.id());
    owner.restaurants().removeOptionGroup(size.id());
    owner.restaurants().removeCategory(noodles.id());
    assertEquals(1, owner.restaurants().myMenu().categories().size());

    // The sold-out toggle, and the version in the ETag.
    ApiResponse<MenuItem> soldOut =
        owner.withResponse(
            c ->
                c.restaurants()
                    .updateAvailability(
                        bibimbap.id(), UpdateAvailabilityRequest.builder().stock(0).build()));
    assertTrue(soldOut.data().soldOut());
    assertEquals(soldOut.data().version(), soldOut.metadata().version().orElseThrow());
    assertNotNull(soldOut.metadata().requestId());
    assertNull(
        owner
            .restaurants()
            .updateAvailability(
                bibimbap.id(), UpdateAvailabilityRequest.builder().stockNotCounted().build())
            .stock());

    // Staff.
    User staff =
        owner.restaurants().addStaff("staff-" + UUID.randomUUID() + "@example.kr", "Lee", PASSWORD);
    assertEquals(2, owner.restaurants().listStaff().size());
    StaffMember promoted = owner.restaurants().changeStaffRole(staff.id(), Role.OWNER);
    assertEquals(Role.OWNER, promoted.role());
    owner.restaurants().removeStaff(staff.id());
    assertEquals(1, owner.restaurants().listStaff().size());

    // Settings, tables and their QR codes.
    Restaurant set =
        owner
            .restaurants()
            .updateSettings(
                UpdateSettingsRequest.builder()
                    .tables(List.of("1", "테라스-3"))
                    .orderPrefix("T")
                    .guestTexts(List.of("ready"))
                    .dailyReport(false)
                    .build());
    assertEquals(List.of("1", "테라스-3"), set.tables());
    assertEquals(List.of("ready"), set.guestTexts());
    assertEquals(false, set.dailyReport());
    assertEquals(true, set.weeklyReport());
    assertEquals("T", set.orderPrefix());
    assertEquals(
        null,
        owner
            .restaurants()
            .updateSettings(UpdateSettingsRequest.builder().defaultOrderPrefix().build())
            .orderPrefix());
    String svg =
        new String(
            anonymous.restaurants().tableQrSvg(shop.restaurant().id(), "테라스-3"),
            StandardCharsets.UTF_8);
    assertTrue(svg.contains("<svg"), svg);
    byte[] png = anonymous.restaurants().tableQrPng(shop.restaurant().id(), "1");
    assertEquals((byte) 0x89, png[0]);

    // Settlements of a range: every day, with zeros.
    LocalDate today = LocalDate.now(ZoneId.of(set.timeZone()));
    SettlementRange week = owner.restaurants().settlements(today.minusDays(6), today);
    assertEquals(7, week.days().size());

    // Opening hours: a closure now makes orders a business refusal that says when it opens.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Restaurant closed =
        owner
            .restaurants()
            .setHours(
                new OpeningHours(
                    List.of(),
                    List.of(),
                    List.of(
                        new OpeningHours.Closure(
                            now.minusSeconds(3600), now.plusSeconds(7200), "Inventory"))));
    assertFalse(closed.openNow());
    assertEquals("Inventory", closed.openingHours().closures().getFirst().reason());
    BusinessRuleException refused =
        assertThrows(
            BusinessRuleException.class,
            () ->
                anonymous
                    .orders()
                    .place(
                        PlaceOrderRequest.builder(shop.restaurant().id(), Fulfillment.TAKEOUT)
                            .item(bibimbap.id(), 1, List.of())
                            .build()));
    assertEquals("restaurant_closed", refused.code());
    assertEquals(now.plusSeconds(7200), refused.nextOpeningAt().orElseThrow());
  }

  @Test
  void anIdempotentRepeatSaysItWasReplayed() {
    OrderSyncClient anonymous = anonymous();
    Shop shop = openShop(anonymous);
    MenuItem tea =
        shop.owner().restaurants().createMenuItem(new CreateMenuItemRequest("Tea", 3_000));
    PlaceOrderRequest request =
        PlaceOrderRequest.builder(shop.restaurant().id(), Fulfillment.TAKEOUT)
            .item(tea.id(), 1)
            .build();
    RequestOptions keyed =
        RequestOptions.idempotency(
            RequestOptions.randomIdempotencyKey(), RequestOptions.randomIdempotencySecret());
    ApiResponse<Order> first = anonymous.withResponse(c -> c.orders().place(request, keyed));
    ApiResponse<Order> again = anonymous.withResponse(c -> c.orders().place(request, keyed));
    assertFalse(first.metadata().idempotentReplayed());
    assertTrue(again.metadata().idempotentReplayed());
    assertEquals(first.data().id(), again.data().id());
    assertNotEquals(first.metadata().requestId(), again.metadata().requestId());
  }

  @Test
  void twoFactorLoginRefreshLogoutAndTheAccount() {
    OrderSyncClient anonymous = anonymous();
    String email = "mfa-" + UUID.randomUUID() + "@example.kr";
    anonymous.auth().register(RegisterRequest.customer(email, PASSWORD, "Choi"));
    Tokens plain = anonymous.auth().login(email, PASSWORD).authenticated().orElseThrow();
    Session session = anonymous.auth().session(plain);
    OrderSyncClient me = anonymous.withTokenProvider(session);

    TotpEnrollment enrollment = me.auth().enrollTotp();
    byte[] secret = base32(enrollment.secret());
    List<String> recovery = me.auth().confirmTotp(Totp.code(secret, Totp.step(Instant.now())));
    assertEquals(10, recovery.size());
    assertTrue(me.auth().me().mfaEnabled());

    LoginResult result = anonymous.auth().login(email, PASSWORD);
    LoginResult.SecondFactorRequired step =
        assertInstanceOf(LoginResult.SecondFactorRequired.class, result);
    assertTrue(step.expiresIn() > 0);
    assertTrue(result.authenticated().isEmpty());
    Tokens second = anonymous.auth().completeLogin(step.mfaToken(), recovery.getFirst());
    assertNotNull(second.accessToken());

    // A refresh gives a new pair; the session keeps working with it.
    Session fresh = anonymous.auth().session(second);
    Tokens renewed = fresh.refresh();
    assertNotEquals(second.refreshToken(), renewed.refreshToken());
    OrderSyncClient client = anonymous.withTokenProvider(fresh);
    assertEquals(email, client.auth().me().email());
    AccountExport export = client.auth().exportMyData();
    assertEquals(email, export.user().email());
    assertTrue(export.mfaEnabled());
    assertEquals(9, export.recoveryCodesLeft());

    // After logout the token is refused, and so is the refresh: the session ends.
    client.auth().logout();
    assertThrows(AuthenticationException.class, () -> client.auth().me());
    assertTrue(fresh.ended());

    // 2FA off takes the password; a wrong one is a business refusal.
    BusinessRuleException wrong =
        assertThrows(BusinessRuleException.class, () -> me.auth().disableTotp("not the password"));
    assertEquals("wrong_password", wrong.code());
    me.auth().disableTotp(PASSWORD);
    assertFalse(me.auth().me().mfaEnabled());
    assertTrue(anonymous.auth().login(email, PASSWORD).authenticated().isPresent());

    me.auth().changePassword(PASSWORD, PASSWORD + " 2");
    assertThrows(AuthenticationException.class, () -> anonymous.auth().login(email, PASSWORD));
  }

  @Test
  void anAdministratorThroughTheSdk() {
    OrderSyncClient anonymous = anonymous();
    String adminEmail = "admin-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(adminEmail, "Admin", "admin password long"));
    OrderSyncClient admin =
        anonymous.withAccessToken(
            anonymous
                .auth()
                .login(adminEmail, "admin password long")
                .authenticated()
                .orElseThrow()
                .accessToken());
    String email = "victim-" + UUID.randomUUID() + "@example.kr";
    User victim = anonymous.auth().register(RegisterRequest.customer(email, PASSWORD, "Victim"));
    OrderSyncClient victimClient =
        anonymous.withAccessToken(
            anonymous.auth().login(email, PASSWORD).authenticated().orElseThrow().accessToken());
    assertEquals(email, victimClient.auth().me().email());
    UUID victimId = victimClient.auth().me().id();
    assertNotNull(victim.id());

    assertEquals(1, admin.admin().revokeSessions(victimId));
    assertThrows(AuthenticationException.class, () -> victimClient.auth().me());
    assertTrue(admin.admin().verifyAudit().intact());
    var page = admin.admin().audit(null, null, null, null, null, null, 5);
    assertFalse(page.data().isEmpty());
    assertNotNull(page.data().getFirst().get("sequence"));
    admin.admin().personalDataAccesses("user:" + victimId, null, null, null, 10);

    // The platform's figures and the notification queue.
    PlatformAnalytics figures = admin.admin().analytics(null, null, 1, 0);
    assertEquals(figures.to().minusDays(6), figures.from());
    assertTrue(figures.data().size() <= 1);
    assertTrue(figures.totals().revenue().gross() >= 0);
    admin.admin().notifications("failed", 5).data().forEach(n -> assertNotNull(n.id()));
    NotFoundException none =
        assertThrows(
            NotFoundException.class, () -> admin.admin().retryNotification(UUID.randomUUID()));
    assertEquals(404, none.status());
  }

  @Test
  void theOwnersFiguresThroughTheSdk() {
    OrderSyncClient anonymous = anonymous();
    Shop shop = openShop(anonymous);
    MenuItem tea =
        shop.owner().restaurants().createMenuItem(new CreateMenuItemRequest("Tea", 3_000));
    Order order =
        anonymous
            .orders()
            .place(
                PlaceOrderRequest.builder(shop.restaurant().id(), Fulfillment.TAKEOUT)
                    .item(tea.id(), 2)
                    .build());
    // Paid at the counter, an order is a sale once completed.
    shop.owner().restaurantOrders().accept(order.id(), 5);
    shop.owner().restaurantOrders().start(order.id());
    shop.owner().restaurantOrders().ready(order.id());
    shop.owner().restaurantOrders().complete(order.id());
    LocalDate today = LocalDate.now(ZoneId.of(shop.owner().restaurants().me().timeZone()));

    SalesAnalytics a =
        shop.owner().restaurants().analytics(today, today, SalesAnalytics.Granularity.HOUR);
    assertEquals(today, a.from());
    assertEquals("hour", a.granularity());
    assertEquals(1, a.orders());
    assertEquals(1, a.sales());
    assertEquals(new SalesAnalytics.Revenue(6_000, 0, 6_000), a.revenue());
    assertEquals(6_000, a.averageOrderValue());
    assertEquals(24, a.byHour().size());
    assertEquals(24, a.series().size());
    assertEquals("Tea", a.topItems().getFirst().name());
    assertEquals(2, a.topItems().getFirst().count());
    assertEquals(1, a.stageSeconds().placedToAccepted().count());
    assertEquals(1, a.stageSeconds().acceptedToReady().count());
    assertEquals(
        ZoneId.of(a.timeZone()).getRules().getOffset(a.series().getFirst().start().toInstant()),
        a.series().getFirst().start().getOffset(),
        "a point's start keeps the restaurant's offset");

    String csv = shop.owner().restaurants().analyticsCsv(today, today, null);
    assertTrue(csv.startsWith("start,orders,sales,gross,refunds,net\r\n"), csv);
    assertEquals(2, csv.split("\r\n").length, csv);

    InvalidRequestException bad =
        assertThrows(
            InvalidRequestException.class,
            () -> shop.owner().restaurants().analytics(today, today.minusDays(1), null));
    assertEquals("invalid_parameter", bad.code());
  }

  @Test
  void thePublicLiveMenu() throws Exception {
    OrderSyncClient anonymous = anonymous();
    Shop shop = openShop(anonymous);
    MenuItem tea =
        shop.owner().restaurants().createMenuItem(new CreateMenuItemRequest("Tea", 3_000));
    java.util.concurrent.BlockingQueue<Object> seen =
        new java.util.concurrent.LinkedBlockingQueue<>();
    MenuLiveListener listener =
        new MenuLiveListener() {
          @Override
          public void onReady() {
            seen.add("ready");
          }

          @Override
          public void onItemChanged(LiveMenuItem item) {
            seen.add(item);
          }

          @Override
          public void onMenuChanged() {
            seen.add("changed");
          }

          @Override
          public void onFailure(OrderSyncException error) {
            seen.add(error);
          }
        };
    try (LiveSubscription menu = anonymous.live().menu(shop.restaurant().id(), listener)) {
      assertEquals("ready", seen.poll(20, java.util.concurrent.TimeUnit.SECONDS));
      shop.owner()
          .restaurants()
          .updateAvailability(tea.id(), UpdateAvailabilityRequest.builder().stock(0).build());
      MenuLiveListener.LiveMenuItem soldOut =
          (MenuLiveListener.LiveMenuItem) seen.poll(20, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(tea.id(), soldOut.id());
      assertTrue(soldOut.soldOut());
      assertEquals(3_000, soldOut.price());
      shop.owner().restaurants().createMenuItem(new CreateMenuItemRequest("Coffee", 4_000));
      assertEquals("changed", seen.poll(20, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(menu.isActive());
    }
    try (LiveSubscription unknown = anonymous.live().menu(UUID.randomUUID(), listener)) {
      assertInstanceOf(
          NotFoundException.class, seen.poll(20, java.util.concurrent.TimeUnit.SECONDS));
      assertFalse(unknown.isActive());
    }
  }

  static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.replace("=", "").toUpperCase(java.util.Locale.ROOT).toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
