package dev.ordersync.core.restaurant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.core.World;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import org.junit.jupiter.api.Test;

class ReadingMyRestaurantTest {
  private final World world = new World();
  private final GetMyRestaurant getMyRestaurant =
      new GetMyRestaurant(world.store.restaurants(), world.staff, world.store.unitOfWork());

  @Test
  void anOwnerReadsTheRestaurantTheirSessionActsFor() {
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    world.anOwnerWithARestaurant();

    assertEquals(owner.restaurantId(), getMyRestaurant.handle(owner).id());
  }

  @Test
  void someoneActingForNoRestaurantIsRefused() {
    assertThrows(
        DomainException.Unauthenticated.class, () -> getMyRestaurant.handle(Caller.anonymous()));
    assertThrows(
        DomainException.Forbidden.class, () -> getMyRestaurant.handle(world.aUser(Role.OWNER)));
  }
}
