package dev.ordersync.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.Role;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reading customers' names and phones is recorded when the reader handles them (the restaurant, an
 * admin), once per read; the customers' own reads are not.
 */
class ReadingCustomersDataTest {
  private final World world = new World();
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final MenuItem naengmyeon = world.anItem(owner, "Naengmyeon", 10000, null);

  private Order anOrderBy(Caller caller) {
    return world.place(
        caller,
        new PlaceOrder.Command(
            owner.restaurantId(),
            List.of(new PlaceOrder.Line(naengmyeon.id(), 1, List.of())),
            "Lee",
            PhoneNumber.parse("010-9876-5432"),
            null,
            Fulfillment.TAKEOUT,
            null,
            null));
  }

  @Test
  void aBoardPageIsOneRecordNamingEachOrderAndEachCustomerWithAnAccount() {
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    Order guest = anOrderBy(Caller.anonymous());
    Order member = anOrderBy(customer);

    world.listOrders.handle(owner, new ListRestaurantOrders.Query(null, null, null, null, null));

    assertEquals(1, world.personalDataReads.size());
    PersonalDataAccess read = world.personalDataReads.getFirst();
    assertEquals(owner, read.reader());
    assertEquals("order_board", read.view());
    assertEquals(
        List.of(
            PersonalDataAccess.order(member.id()),
            PersonalDataAccess.user(customer.userId()),
            PersonalDataAccess.order(guest.id())),
        read.subjects());
    assertEquals(
        List.of(PersonalDataAccess.CUSTOMER_NAME, PersonalDataAccess.CUSTOMER_PHONE_MASKED),
        read.fields());
    assertFalse(read.self());
  }

  @Test
  void anEmptyBoardAndOrdersWithoutNameOrPhoneRecordNothing() {
    world.listOrders.handle(owner, new ListRestaurantOrders.Query(null, null, null, null, null));
    world.anAnonymousOrder(owner.restaurantId(), naengmyeon, 1);
    world.listOrders.handle(owner, new ListRestaurantOrders.Query(null, null, null, null, null));
    assertEquals(List.of(), world.personalDataReads);
  }

  @Test
  void theRestaurantAndAnAdminReadingAnOrderAreRecordedItsCustomerIsNot() {
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    Order mine = anOrderBy(customer);
    Order guests = anOrderBy(Caller.anonymous());

    world.getOrder.handle(customer, mine.id());
    world.getOrder.handle(new Caller.OrderTokenHolder(guests.id()), guests.id());
    assertEquals(List.of(), world.personalDataReads, "the data subjects' own reads");

    Caller.SignedIn admin = new Caller.SignedIn(UUID.randomUUID(), Role.ADMIN, null);
    world.getOrder.handle(owner, mine.id());
    world.getOrder.handle(admin, guests.id());
    world.getOrder.check(admin, guests.id());
    assertEquals(2, world.personalDataReads.size(), "a check shows nothing and records nothing");
    assertEquals("order_detail", world.personalDataReads.get(0).view());
    assertEquals(
        List.of(PersonalDataAccess.order(mine.id()), PersonalDataAccess.user(customer.userId())),
        world.personalDataReads.get(0).subjects());
    assertEquals(admin, world.personalDataReads.get(1).reader());
    assertEquals(
        List.of(PersonalDataAccess.order(guests.id())), world.personalDataReads.get(1).subjects());
  }
}
