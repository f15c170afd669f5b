package dev.ordersync.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.AdvanceOrder;
import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.EraseOrderCustomer;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.restaurant.GuestText;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.user.Caller;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which order changes text the guest (the decision table: event, phone, consent, the restaurant's
 * choice), and that each text names the restaurant and the order and fits one short message.
 */
class TextingGuestsTest {
  private final World world = new World();
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final MenuItem tteokbokki = world.anItem(owner, "Tteokbokki", 6000, null);

  private Order anOrder(String phone, boolean consent) {
    return world.place(
        Caller.anonymous(),
        new PlaceOrder.Command(
            owner.restaurantId(),
            List.of(new PlaceOrder.Line(tteokbokki.id(), 1, List.of())),
            "Kim",
            phone == null ? null : PhoneNumber.parse(phone),
            null,
            Fulfillment.TAKEOUT,
            null,
            null,
            consent));
  }

  private List<Notification> texts() {
    return world.store.notifications().queued();
  }

  private void accept(Order o, Integer minutes) {
    world.accept.handle(owner, new AcceptOrder.Command(o.id(), minutes, null));
  }

  private void step(Order o, AdvanceOrder.Step step) {
    world.advance.handle(owner, new AdvanceOrder.Command(o.id(), step, null));
  }

  private void chooseTexts(GuestText... texts) {
    world.updateSettings.handle(
        owner,
        new UpdateRestaurantSettings.Command(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            texts.length == 0 ? Set.of() : EnumSet.copyOf(List.of(texts)),
            null));
  }

  @Test
  void byDefaultAGuestWhoAgreedIsTextedWhenTheOrderIsAcceptedAndWhenItIsReady() {
    Order o = anOrder("010-1234-5678", true);
    accept(o, 20);
    step(o, AdvanceOrder.Step.START);
    step(o, AdvanceOrder.Step.MARK_READY);
    step(o, AdvanceOrder.Step.COMPLETE);

    List<Notification> sent = texts();
    assertEquals(2, sent.size(), sent.toString());
    Notification accepted = sent.get(0);
    assertEquals(NotificationKind.ORDER_ACCEPTED, accepted.kind());
    assertEquals("01012345678", accepted.message().to());
    // 03:00 UTC is 12:00 in Seoul; twenty minutes later it should be ready.
    assertEquals("[Seoul Kitchen] 주문 A-001 접수되었습니다. 12:20쯤 준비됩니다.", accepted.message().body());
    assertNull(accepted.message().subject(), "a short message has no title");
    assertEquals(o.id(), accepted.subjectId(), "the guest's subject is the order");
    assertEquals(owner.restaurantId(), accepted.restaurantId());
    OrderEvent acceptEvent =
        world.store.events().stream()
            .filter(OrderEvent.OrderAccepted.class::isInstance)
            .findFirst()
            .orElseThrow();
    assertEquals(acceptEvent.eventId().toString(), accepted.sourceId());
    assertEquals(NotificationKind.ORDER_READY, sent.get(1).kind());
    assertEquals("[Seoul Kitchen] 주문 A-001 준비되었습니다. 찾아가세요.", sent.get(1).message().body());
  }

  @Test
  void anAccountsOrderIsTextedUnderTheOrderAsSubjectToo() {
    Caller.SignedIn customer = world.aUser(dev.ordersync.core.user.Role.CUSTOMER);
    Order o =
        world.place(
            customer,
            new PlaceOrder.Command(
                owner.restaurantId(),
                List.of(new PlaceOrder.Line(tteokbokki.id(), 1, List.of())),
                null,
                PhoneNumber.parse("010-2222-3333"),
                null,
                Fulfillment.TAKEOUT,
                null,
                null,
                true));
    accept(o, null);
    assertEquals(o.id(), texts().getFirst().subjectId());
  }

  @Test
  void withoutConsentNothingIsTexted() {
    Order o = anOrder("010-1234-5678", false);
    accept(o, null);
    step(o, AdvanceOrder.Step.START);
    step(o, AdvanceOrder.Step.MARK_READY);
    assertTrue(texts().isEmpty(), texts().toString());
  }

  @Test
  void withoutAPhoneNothingIsTextedAndConsentWithoutOneIsRefused() {
    Order o = anOrder(null, false);
    accept(o, null);
    assertTrue(texts().isEmpty());
    var refused = assertThrows(DomainException.Invalid.class, () -> anOrder(null, true));
    assertEquals("customer.sms_consent", refused.errors().getFirst().field());
    var landline = assertThrows(DomainException.Invalid.class, () -> anOrder("02-312-3456", true));
    assertEquals("customer.sms_consent", landline.errors().getFirst().field());
  }

  @Test
  void aKindTheRestaurantTurnedOffIsNotTexted() {
    chooseTexts(GuestText.READY);
    Order o = anOrder("010-1234-5678", true);
    accept(o, null);
    assertTrue(texts().isEmpty(), "accepted is off");
    step(o, AdvanceOrder.Step.START);
    step(o, AdvanceOrder.Step.MARK_READY);
    assertEquals(
        List.of(NotificationKind.ORDER_READY), texts().stream().map(Notification::kind).toList());
  }

  @Test
  void rejectionsAndCancellationsAreTextedWithTheirReasonOnlyWhenChosen() {
    Order first = anOrder("010-1234-5678", true);
    world.reject.handle(owner, new RejectOrder.Command(first.id(), "재료 소진", null));
    assertTrue(texts().isEmpty(), "rejections are off by default");

    chooseTexts(GuestText.REJECTED, GuestText.CANCELED);
    Order second = anOrder("010-1234-5678", true);
    world.reject.handle(owner, new RejectOrder.Command(second.id(), "재료 소진", null));
    Order third = anOrder("010-1234-5678", true);
    accept(third, null);
    world.cancel.handle(
        owner, new CancelOrder.Command(third.id(), CancelOrder.By.RESTAURANT, "가스 고장", null));

    List<Notification> sent = texts();
    assertEquals(2, sent.size(), sent.toString());
    assertEquals(NotificationKind.ORDER_REJECTED, sent.get(0).kind());
    assertEquals("[Seoul Kitchen] 주문 A-002 접수되지 못했습니다. 사유: 재료 소진", sent.get(0).message().body());
    assertEquals(NotificationKind.ORDER_CANCELED, sent.get(1).kind());
    assertTrue(sent.get(1).message().body().endsWith("취소되었습니다. 사유: 가스 고장"));
  }

  @Test
  void aGuestWhoCancelsTheirOwnOrderIsNotTextedAboutIt() {
    chooseTexts(GuestText.values());
    Order o = anOrder("010-1234-5678", true);
    world.cancel.handle(
        new Caller.OrderTokenHolder(o.id()),
        new CancelOrder.Command(o.id(), CancelOrder.By.CUSTOMER, null, null));
    assertTrue(texts().isEmpty(), texts().toString());
  }

  @Test
  void aRefundIsTextedWithItsAmountWhenChosen() {
    chooseTexts(GuestText.REFUNDED);
    Order o = anOrder("010-1234-5678", true);
    Order.Change refunded = o.refunded(12000, 0, Instant.parse("2026-11-24T03:10:00Z"));
    var r = world.store.restaurants().byId(owner.restaurantId()).orElseThrow();
    Notification n = GuestTexts.of(refunded.order(), refunded.event(), r).orElseThrow();
    assertEquals(NotificationKind.ORDER_REFUNDED, n.kind());
    assertEquals("[Seoul Kitchen] 주문 A-001 12,000원 환불되었습니다.", n.message().body());
  }

  @Test
  void afterTheGuestErasedTheirDataNothingMoreIsTexted() {
    Order o = anOrder("010-1234-5678", true);
    accept(o, null);
    assertEquals(1, texts().size());
    new EraseOrderCustomer(world.store.orders(), world.staff, world.orderChanges)
        .handle(new Caller.OrderTokenHolder(o.id()), o.id());
    step(o, AdvanceOrder.Step.START);
    step(o, AdvanceOrder.Step.MARK_READY);
    assertEquals(1, texts().size(), "no ready text for an erased phone");
    assertEquals(false, world.store.orders().byId(o.id()).orElseThrow().customer().smsConsent());
  }

  @Test
  void aTextIsRecordedOnlyWhenItsChangeIsKept() {
    Order o = anOrder("010-1234-5678", true);
    assertThrows(
        IllegalStateException.class,
        () ->
            world
                .store
                .unitOfWork()
                .run(
                    () -> {
                      accept(o, null);
                      throw new IllegalStateException("the change fails after its event");
                    }));
    assertTrue(texts().isEmpty(), texts().toString());
  }

  @Test
  void theDecisionTableOfEvents() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.EPOCH;
    var s = dev.ordersync.core.order.OrderStatus.PLACED;
    assertEquals(
        NotificationKind.ORDER_ACCEPTED,
        GuestTexts.kindOf(new OrderEvent.OrderAccepted(id, id, id, 2, s, at, 10)).orElseThrow());
    assertEquals(
        NotificationKind.ORDER_READY,
        GuestTexts.kindOf(new OrderEvent.OrderReady(id, id, id, 2, s, at)).orElseThrow());
    assertEquals(
        NotificationKind.ORDER_REJECTED,
        GuestTexts.kindOf(new OrderEvent.OrderRejected(id, id, id, 2, s, at, "x")).orElseThrow());
    assertEquals(
        NotificationKind.ORDER_CANCELED,
        GuestTexts.kindOf(new OrderEvent.OrderCanceled(id, id, id, 2, s, at, false, "x"))
            .orElseThrow());
    assertTrue(
        GuestTexts.kindOf(new OrderEvent.OrderCanceled(id, id, id, 2, s, at, true, null))
            .isEmpty());
    assertEquals(
        NotificationKind.ORDER_REFUNDED,
        GuestTexts.kindOf(new OrderEvent.OrderRefunded(id, id, id, 2, s, at, 100, 0))
            .orElseThrow());
    for (OrderEvent silent :
        List.<OrderEvent>of(
            new OrderEvent.OrderCreated(id, id, id, 1, s, at),
            new OrderEvent.OrderPaid(id, id, id, 2, s, at),
            new OrderEvent.OrderStarted(id, id, id, 2, s, at),
            new OrderEvent.OrderCompleted(id, id, id, 2, s, at),
            new OrderEvent.OrderExpired(id, id, id, 2, s, at),
            new OrderEvent.CustomerErased(id, id, id, 2, s, at))) {
      assertTrue(GuestTexts.kindOf(silent).isEmpty(), silent.toString());
    }
    assertNotNull(GuestTexts.setting(NotificationKind.ORDER_REFUNDED));
  }
}
