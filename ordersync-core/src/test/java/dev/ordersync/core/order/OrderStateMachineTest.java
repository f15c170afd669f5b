package dev.ordersync.core.order;

import static dev.ordersync.core.order.OrderFixtures.act;
import static dev.ordersync.core.order.OrderFixtures.anOrderIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.shared.DomainException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class OrderStateMachineTest {
  /** The contract of API.md, written out independently of OrderAction's table. */
  private static final Map<OrderAction, Set<OrderStatus>> ALLOWED =
      Map.of(
          OrderAction.PAY, EnumSet.of(OrderStatus.AWAITING_PAYMENT),
          OrderAction.ACCEPT, EnumSet.of(OrderStatus.PLACED),
          OrderAction.REJECT, EnumSet.of(OrderStatus.PLACED),
          OrderAction.START, EnumSet.of(OrderStatus.ACCEPTED),
          OrderAction.MARK_READY, EnumSet.of(OrderStatus.PREPARING),
          OrderAction.COMPLETE, EnumSet.of(OrderStatus.READY),
          OrderAction.CANCEL_BY_CUSTOMER, EnumSet.of(OrderStatus.PLACED),
          OrderAction.CANCEL_BY_RESTAURANT,
              EnumSet.of(OrderStatus.ACCEPTED, OrderStatus.PREPARING, OrderStatus.READY),
          OrderAction.EXPIRE, EnumSet.of(OrderStatus.AWAITING_PAYMENT));

  private static final Map<OrderAction, OrderStatus> TARGET =
      Map.of(
          OrderAction.PAY, OrderStatus.PLACED,
          OrderAction.ACCEPT, OrderStatus.ACCEPTED,
          OrderAction.REJECT, OrderStatus.REJECTED,
          OrderAction.START, OrderStatus.PREPARING,
          OrderAction.MARK_READY, OrderStatus.READY,
          OrderAction.COMPLETE, OrderStatus.COMPLETED,
          OrderAction.CANCEL_BY_CUSTOMER, OrderStatus.CANCELED,
          OrderAction.CANCEL_BY_RESTAURANT, OrderStatus.CANCELED,
          OrderAction.EXPIRE, OrderStatus.EXPIRED);

  @TestFactory
  Stream<DynamicTest> everyActionFromEveryStatusIsAllowedOrRefusedAsTheContractSays() {
    List<DynamicTest> tests = new ArrayList<>();
    for (OrderAction action : OrderAction.values()) {
      for (OrderStatus from : OrderStatus.values()) {
        boolean allowed = ALLOWED.get(action).contains(from);
        tests.add(
            DynamicTest.dynamicTest(
                action + " from " + from + (allowed ? " is allowed" : " is refused"),
                () -> {
                  Order order = anOrderIn(from);
                  if (allowed) {
                    Order.Change change = act(order, action);
                    assertEquals(TARGET.get(action), change.order().status());
                    assertEquals(order.version() + 1, change.order().version());
                    assertEquals(change.order().status(), change.event().status());
                    assertEquals(change.order().version(), change.event().version());
                    assertEquals(order.id(), change.event().orderId());
                  } else {
                    var e = assertThrows(DomainException.Conflict.class, () -> act(order, action));
                    assertEquals("invalid_transition", e.code());
                  }
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void terminalStatusesAllowNothing() {
    for (OrderStatus s : OrderStatus.values()) {
      if (!s.terminal()) {
        continue;
      }
      for (OrderAction a : OrderAction.values()) {
        assertTrue(!a.allowedFrom(s), a + " must not leave terminal " + s);
      }
    }
  }

  @Test
  void acceptingPromisesAReadyTimeFromThePreparationTime() {
    Order.Change accepted = anOrderIn(OrderStatus.PLACED).accept(25, OrderFixtures.T0);
    assertEquals(25, accepted.order().prepMinutes());
    assertEquals(OrderFixtures.T0.plusSeconds(25 * 60), accepted.order().readyBy());
    assertEquals(25, ((OrderEvent.OrderAccepted) accepted.event()).prepMinutes());
  }

  @Test
  void rejectingKeepsTheReasonAndEmitsARejectedEvent() {
    Order.Change rejected = anOrderIn(OrderStatus.PLACED).reject("closing early", OrderFixtures.T0);
    assertEquals("closing early", rejected.order().reason());
    assertEquals("closing early", ((OrderEvent.OrderRejected) rejected.event()).reason());
  }

  @Test
  void theEventSaysWhoCanceled() {
    var byCustomer =
        (OrderEvent.OrderCanceled)
            anOrderIn(OrderStatus.PLACED).cancelByCustomer(null, OrderFixtures.T0).event();
    var byRestaurant =
        (OrderEvent.OrderCanceled)
            anOrderIn(OrderStatus.READY).cancelByRestaurant("burnt", OrderFixtures.T0).event();
    assertTrue(byCustomer.byCustomer());
    assertTrue(!byRestaurant.byCustomer());
  }

  @Test
  void aPreparationTimeOutOfRangeIsInvalid() {
    assertThrows(
        DomainException.Invalid.class,
        () -> anOrderIn(OrderStatus.PLACED).accept(0, OrderFixtures.T0));
    assertThrows(
        DomainException.Invalid.class,
        () -> anOrderIn(OrderStatus.PLACED).accept(241, OrderFixtures.T0));
  }
}
