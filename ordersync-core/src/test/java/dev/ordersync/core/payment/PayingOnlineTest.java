package dev.ordersync.core.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.restaurant.PaymentMode;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayingOnlineTest {
  private final World world = new World();
  private final ScriptedGateway toss = new ScriptedGateway();
  private final List<PaymentEvent> audit = new ArrayList<>();
  private final PaymentEvents events = audit::add;
  private final Ports ports;
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final MenuItem bibimbap = world.anItem(owner, "Bibimbap", 9000, 10);

  /** The payment use cases wired to the world's in-memory store and the scripted gateway. */
  private final class Ports {
    final Ledger ledger =
        new Ledger(world.store.payments(), events, toss, world.orderChanges, world.clock);
    final ConfirmPayment confirm = new ConfirmPayment(ledger, world.orderAccess);
    final SyncPayment sync = new SyncPayment(ledger);
    final RefundPayment refund = new RefundPayment(ledger, world.staff);
    final RefundOnCancel refundOnCancel = new RefundOnCancel(ledger, world.cancel, world.reject);
    final ExpireUnpaidOrders expire =
        new ExpireUnpaidOrders(world.store.orders(), ledger, Duration.ofMinutes(15));
    final GetSettlement settlement =
        new GetSettlement(ledger, world.store.restaurants(), world.staff, new BigDecimal("0.034"));
  }

  PayingOnlineTest() {
    ports = new Ports();
    new UpdateRestaurantSettings(
            world.store.restaurants(), world.staff, world.store.unitOfWork(), world.clock, true)
        .handle(
            owner,
            new UpdateRestaurantSettings.Command(null, null, null, null, PaymentMode.ONLINE, null));
  }

  private Order anUnpaidOrder(int quantity) {
    Order o = world.anAnonymousOrder(owner.restaurantId(), bibimbap, quantity);
    assertEquals(OrderStatus.AWAITING_PAYMENT, o.status());
    return o;
  }

  private static Caller customerOf(Order o) {
    return new Caller.OrderTokenHolder(o.id());
  }

  private ConfirmPayment.Result pay(Order o, String key) {
    toss.authorized(key, o.id().toString(), o.total().amount());
    return ports.confirm.handle(customerOf(o), new ConfirmPayment.Command(key, o.id(), o.total()));
  }

  @Test
  void aPaidOrderIsPlacedAndReachesTheRestaurant() {
    Order o = anUnpaidOrder(2);
    assertTrue(board().isEmpty(), "an unpaid order is not the kitchen's yet");
    ConfirmPayment.Result r = pay(o, "pk_1");
    assertFalse(r.pending());
    assertEquals(OrderStatus.PLACED, r.order().status());
    assertEquals(PaymentStatus.DONE, r.payment().status());
    assertEquals(18000, r.payment().amount().amount());
    assertEquals(1, board().size());
  }

  @Test
  void anAmountThatIsNotTheTotalIsRefusedAndAuditedWithoutCallingTheGateway() {
    Order o = anUnpaidOrder(1);
    toss.authorized("pk_1", o.id().toString(), 100);
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                ports.confirm.handle(
                    customerOf(o), new ConfirmPayment.Command("pk_1", o.id(), Won.of(100))));
    assertEquals("payment_amount_mismatch", e.code());
    assertEquals(0, toss.confirms());
    assertTrue(
        audit.getFirst() instanceof PaymentEvent.AmountMismatch m
            && m.claimed() == 100
            && m.total() == 9000);
    assertEquals(
        OrderStatus.AWAITING_PAYMENT, world.store.orders().byId(o.id()).orElseThrow().status());
    assertEquals(OrderStatus.PLACED, pay(o, "pk_ok").order().status());
    var after =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                ports.confirm.handle(
                    customerOf(o), new ConfirmPayment.Command("pk_ok", o.id(), Won.of(1))));
    assertEquals(
        "payment_amount_mismatch", after.code(), "a tampered amount is refused even once paid");
  }

  @Test
  void aRejectedCardLeavesTheOrderWaitingForAnotherTry() {
    Order o = anUnpaidOrder(1);
    toss.nextConfirmFails =
        new GatewayException.Declined("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족", 403);
    var e = assertThrows(DomainException.RuleViolated.class, () -> pay(o, "pk_1"));
    assertEquals("payment_declined", e.code());
    assertEquals("REJECT_CARD_PAYMENT", e.details().get("gateway_code"));
    assertTrue(audit.getLast() instanceof PaymentEvent.Declined);
    ConfirmPayment.Result again = pay(o, "pk_2");
    assertEquals(OrderStatus.PLACED, again.order().status());
    assertEquals("pk_2", again.payment().paymentKey());
  }

  @Test
  void aGatewayFailureWithNothingChargedIsUnavailableAndCanBeRetried() {
    Order o = anUnpaidOrder(1);
    toss.nextConfirmFails =
        new GatewayException.Unavailable("FAILED_INTERNAL_SYSTEM_PROCESSING", "500", false);
    var e = assertThrows(DomainException.Unavailable.class, () -> pay(o, "pk_1"));
    assertEquals("payment_gateway_unavailable", e.code());
    assertEquals(
        OrderStatus.AWAITING_PAYMENT, world.store.orders().byId(o.id()).orElseThrow().status());
    ConfirmPayment.Result again =
        ports.confirm.handle(customerOf(o), new ConfirmPayment.Command("pk_1", o.id(), o.total()));
    assertEquals(OrderStatus.PLACED, again.order().status());
    assertEquals(2, toss.confirms());
    assertEquals(
        2,
        toss.calls.stream().filter(c -> c.startsWith("confirm")).distinct().count(),
        "a new key per attempt");
  }

  @Test
  void aTimedOutConfirmIsPendingUntilALookUpSaysPaid() {
    Order o = anUnpaidOrder(1);
    toss.nextConfirmSucceedsThenFails = new GatewayException.Unavailable(null, "timed out", true);
    toss.authorized("pk_1", o.id().toString(), o.total().amount());
    // The look-up right after the time-out cannot reach the gateway either.
    PaymentGateway flaky =
        new PaymentGateway() {
          boolean down = true;

          @Override
          public GatewayPayment confirm(
              String k, String id, dev.ordersync.core.shared.Won a, String key) {
            return toss.confirm(k, id, a, key);
          }

          @Override
          public java.util.Optional<GatewayPayment> lookUp(String k) {
            if (down) {
              down = false;
              throw new GatewayException.Unavailable(null, "timed out", true);
            }
            return toss.lookUp(k);
          }

          @Override
          public java.util.Optional<GatewayPayment> lookUpByOrderId(String id) {
            return toss.lookUpByOrderId(id);
          }

          @Override
          public GatewayPayment cancel(
              String k, String r, dev.ordersync.core.shared.Won a, String key) {
            return toss.cancel(k, r, a, key);
          }
        };
    ConfirmPayment confirm =
        new ConfirmPayment(
            new Ledger(world.store.payments(), events, flaky, world.orderChanges, world.clock),
            world.orderAccess);
    ConfirmPayment.Result first =
        confirm.handle(customerOf(o), new ConfirmPayment.Command("pk_1", o.id(), o.total()));
    assertTrue(first.pending(), "neither paid nor failed");
    assertEquals(PaymentStatus.CONFIRMING, first.payment().status());
    assertEquals(OrderStatus.AWAITING_PAYMENT, first.order().status());
    ConfirmPayment.Result retried =
        confirm.handle(customerOf(o), new ConfirmPayment.Command("pk_1", o.id(), o.total()));
    assertFalse(retried.pending());
    assertEquals(OrderStatus.PLACED, retried.order().status());
    assertEquals(1, toss.confirms(), "the retry looked up instead of confirming again");
  }

  @Test
  void aDoubleConfirmAndAWebhookEndInOnePaidOrder() {
    Order o = anUnpaidOrder(1);
    pay(o, "pk_1");
    ConfirmPayment.Result again =
        ports.confirm.handle(customerOf(o), new ConfirmPayment.Command("pk_1", o.id(), o.total()));
    assertEquals(SyncPayment.Outcome.RECORDED, ports.sync.handle("pk_1"));
    assertEquals(OrderStatus.PLACED, again.order().status());
    assertEquals(1, toss.confirms());
    assertEquals(
        1,
        world.store.events().stream()
            .filter(e -> e instanceof dev.ordersync.core.order.OrderEvent.OrderPaid)
            .count());
  }

  @Test
  void aWebhookBeforeTheConfirmAnswerPlacesTheOrderOnceAndTheConfirmAgrees() {
    Order o = anUnpaidOrder(1);
    toss.nextConfirmSucceedsThenFails = new GatewayException.Unavailable(null, "timed out", true);
    toss.authorized("pk_1", o.id().toString(), o.total().amount());
    // the look-up right after the time-out already sees it approved: paid at once
    ConfirmPayment.Result r =
        ports.confirm.handle(customerOf(o), new ConfirmPayment.Command("pk_1", o.id(), o.total()));
    assertEquals(OrderStatus.PLACED, r.order().status());
    assertEquals(SyncPayment.Outcome.RECORDED, ports.sync.handle("pk_1"));

    Order o2 = anUnpaidOrder(1);
    toss.authorized("pk_2", o2.id().toString(), o2.total().amount());
    toss.confirm("pk_2", o2.id().toString(), o2.total(), "someone-else");
    assertEquals(SyncPayment.Outcome.RECORDED, ports.sync.handle("pk_2"), "webhook first");
    assertEquals(OrderStatus.PLACED, world.store.orders().byId(o2.id()).orElseThrow().status());
    ConfirmPayment.Result late =
        ports.confirm.handle(
            customerOf(o2), new ConfirmPayment.Command("pk_2", o2.id(), o2.total()));
    assertEquals(OrderStatus.PLACED, late.order().status());
    assertEquals(
        2,
        world.store.events().stream()
            .filter(e -> e instanceof dev.ordersync.core.order.OrderEvent.OrderPaid)
            .count());
  }

  @Test
  void partialRefundsUpToTheTotalAndNotOneWonMore() {
    Order o = anUnpaidOrder(2);
    pay(o, "pk_1");
    var first =
        ports.refund.handle(
            owner, new RefundPayment.Command(o.id(), Won.of(5000), "missing side dish", null));
    assertEquals(13000, first.payment().balance().amount());
    assertEquals(PaymentStatus.PARTIAL_CANCELED, first.payment().status());
    var second =
        ports.refund.handle(owner, new RefundPayment.Command(o.id(), Won.of(13000), "cold", null));
    assertEquals(0, second.payment().balance().amount());
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                ports.refund.handle(
                    owner, new RefundPayment.Command(o.id(), Won.of(1), "again", null)));
    assertEquals("refund_exceeds_balance", e.code());
    assertEquals(2, toss.calls.stream().filter(c -> c.startsWith("cancel")).count());
    assertEquals(2, audit.stream().filter(a -> a instanceof PaymentEvent.RefundIssued).count());
    assertEquals(
        List.of(5000L, 13000L),
        world.store.events().stream()
            .filter(ev -> ev instanceof dev.ordersync.core.order.OrderEvent.OrderRefunded)
            .map(ev -> ((dev.ordersync.core.order.OrderEvent.OrderRefunded) ev).amount())
            .toList());
    assertEquals(
        OrderStatus.PLACED,
        world.store.orders().byId(o.id()).orElseThrow().status(),
        "a refund moves no status");
  }

  @Test
  void aRefundRepeatedWithItsKeyIsMadeOnce() {
    Order o = anUnpaidOrder(2);
    pay(o, "pk_1");
    var first =
        ports.refund.handle(
            owner, new RefundPayment.Command(o.id(), Won.of(1000), "sorry", "key-1"));
    var again =
        ports.refund.handle(
            owner, new RefundPayment.Command(o.id(), Won.of(1000), "sorry", "key-1"));
    assertTrue(again.replayed());
    assertEquals(first.refund().id(), again.refund().id());
    assertEquals(17000, again.payment().balance().amount());
  }

  @Test
  void onlyTheOwnerRefunds() {
    Order o = anUnpaidOrder(1);
    pay(o, "pk_1");
    assertThrows(
        DomainException.Unauthenticated.class,
        () ->
            ports.refund.handle(customerOf(o), new RefundPayment.Command(o.id(), null, "x", null)));
    Caller.SignedIn rival = world.anOwnerWithARestaurant();
    assertThrows(
        DomainException.NotFound.class,
        () -> ports.refund.handle(rival, new RefundPayment.Command(o.id(), null, "x", null)));
  }

  @Test
  void cancelingOrRejectingAPaidOrderRefundsIt() {
    Order o = anUnpaidOrder(1);
    pay(o, "pk_1");
    world.accept.handle(owner, new AcceptOrder.Command(o.id(), null, null));
    Order canceled =
        ports.refundOnCancel.cancel(
            owner, new CancelOrder.Command(o.id(), CancelOrder.By.RESTAURANT, "no rice", null));
    assertEquals(OrderStatus.CANCELED, canceled.status());
    assertEquals(
        PaymentStatus.CANCELED, world.store.payments().byOrderId(o.id()).orElseThrow().status());

    Order o2 = anUnpaidOrder(1);
    pay(o2, "pk_2");
    toss.nextCancelFails = new GatewayException.Unavailable(null, "down", true);
    assertThrows(
        DomainException.Unavailable.class,
        () ->
            ports.refundOnCancel.reject(owner, new RejectOrder.Command(o2.id(), "closing", null)));
    assertEquals(
        OrderStatus.PLACED,
        world.store.orders().byId(o2.id()).orElseThrow().status(),
        "nothing happened");
    ports.refundOnCancel.reject(owner, new RejectOrder.Command(o2.id(), "closing", null));
    assertEquals(0, world.store.payments().byOrderId(o2.id()).orElseThrow().balance().amount());
  }

  @Test
  void unpaidOrdersExpireUnlessTheGatewaySaysTheyWerePaid() {
    Order unpaid = anUnpaidOrder(3);
    Order paidButUnconfirmed = anUnpaidOrder(1);
    toss.authorized("pk_9", paidButUnconfirmed.id().toString(), 9000);
    toss.confirm(
        "pk_9", paidButUnconfirmed.id().toString(), paidButUnconfirmed.total(), "lost-response");
    world.clock.advance(Duration.ofMinutes(14));
    assertEquals(new ExpireUnpaidOrders.Swept(0, 0, 0), ports.expire.handle());
    world.clock.advance(Duration.ofMinutes(2));
    assertEquals(new ExpireUnpaidOrders.Swept(1, 1, 0), ports.expire.handle());
    assertEquals(
        OrderStatus.EXPIRED, world.store.orders().byId(unpaid.id()).orElseThrow().status());
    assertEquals(
        OrderStatus.PLACED,
        world.store.orders().byId(paidButUnconfirmed.id()).orElseThrow().status());
    assertEquals(
        10 - 1,
        world
            .store
            .menus()
            .items(owner.restaurantId(), List.of(bibimbap.id()))
            .get(bibimbap.id())
            .stock(),
        "the expired order's stock is back");
    var e = assertThrows(DomainException.Conflict.class, () -> pay(unpaid, "pk_late"));
    assertEquals("invalid_transition", e.code());
  }

  @Test
  void theSettlementAddsUpToTheWon() {
    Order a = anUnpaidOrder(1);
    Order b = anUnpaidOrder(3);
    pay(a, "pk_a");
    pay(b, "pk_b");
    ports.refund.handle(owner, new RefundPayment.Command(b.id(), Won.of(1234), "late", null));
    GetSettlement.Settlement s = ports.settlement.handle(owner, LocalDate.of(2026, 11, 24));
    assertEquals(36000, s.gross());
    assertEquals(1234, s.refunds());
    assertEquals(1224, s.fee(), "36000 x 0.034 = 1224");
    assertEquals(36000 - 1234 - 1224, s.net());
    assertEquals(2, s.paymentCount());
    assertEquals(1, s.methods().size());
    assertEquals("카드", s.methods().getFirst().method());
    assertEquals(0, ports.settlement.handle(owner, LocalDate.of(2026, 11, 25)).gross());
    assertEquals(
        LocalDate.of(2026, 11, 24),
        ports.settlement.handle(owner, null).date(),
        "today in Seoul by default");
  }

  @Test
  void payAtTheCounterOrdersStartPlaced() {
    Caller.SignedIn counter = world.anOwnerWithARestaurant();
    MenuItem item = world.anItem(counter, "Kimbap", 4000, null);
    assertEquals(
        OrderStatus.PLACED, world.anAnonymousOrder(counter.restaurantId(), item, 1).status());
  }

  private List<Order> board() {
    return world
        .listOrders
        .handle(owner, new ListRestaurantOrders.Query(null, null, null, null, null))
        .items();
  }
}
