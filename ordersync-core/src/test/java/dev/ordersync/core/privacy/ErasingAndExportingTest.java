package dev.ordersync.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErasingAndExportingTest {
  private final World world = new World();
  private final ExportMyData export =
      new ExportMyData(
          world.store.users(),
          world.store.orders(),
          world.store.sessions(),
          world.personalDataReads::add);
  private final EraseMe erase =
      new EraseMe(
          world.store.users(),
          world.store.orders(),
          world.store.sessions(),
          world.store.securityEvents(),
          world.store.unitOfWork(),
          world.clock);

  @Test
  void aCustomerExportsThenErasesAndTheRestaurantKeepsTheOrder() {
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    MenuItem item = world.anItem(owner, "Galbi", 25000, null);
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    Order order =
        world.place(
            customer,
            new PlaceOrder.Command(
                owner.restaurantId(),
                List.of(new PlaceOrder.Line(item.id(), 1, List.of())),
                "Choi",
                PhoneNumber.parse("010-5555-1234"),
                "window seat",
                Fulfillment.DINE_IN,
                "2",
                null));

    ExportMyData.Export data = export.handle(customer);
    assertEquals(customer.userId(), data.user().id());
    assertEquals(1, data.orders().size());
    assertEquals("Choi", data.orders().getFirst().customer().name());

    erase.handle(customer);
    var erased = world.store.users().byId(customer.userId()).orElseThrow();
    assertTrue(erased.erased());
    assertEquals("(erased)", erased.name());
    assertNull(erased.phone());
    Order kept = world.getOrder.handle(owner, order.id());
    assertEquals(25000, kept.total().amount());
    assertNull(kept.customer().name());
    assertNull(kept.customer().phone());
    assertNull(kept.note());
    String email = "user2@example.kr";
    assertThrows(
        DomainException.Unauthenticated.class,
        () -> world.logIn.handle(new LogIn.Command(email, "correct horse battery", null)));
    assertTrue(world.store.securityEventLog().contains("user_erased:" + customer.userId()));
  }

  @Test
  void theSoleOwnerOfARestaurantCannotEraseThemselves() {
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    var e = assertThrows(DomainException.Conflict.class, () -> erase.handle(owner));
    assertEquals("sole_owner", e.code());
  }
}
