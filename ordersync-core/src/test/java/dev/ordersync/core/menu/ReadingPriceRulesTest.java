package dev.ordersync.core.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.core.World;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadingPriceRulesTest {
  private final World world = new World();
  private final ListPriceRules listPriceRules =
      new ListPriceRules(world.store.menus(), world.staff, world.store.unitOfWork());

  private PriceRule aRule(Caller owner, String name) {
    return world.addPriceRule.handle(
        owner,
        new AddPriceRule.Command(
            name,
            PriceRule.Kind.PERCENT_OFF,
            10L,
            Set.of(),
            LocalTime.of(15, 0),
            LocalTime.of(17, 0),
            1,
            Set.of(),
            Set.of()));
  }

  @Test
  void anOwnerReadsTheirOwnRestaurantsRulesOnly() {
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    Caller.SignedIn other = world.anOwnerWithARestaurant();
    PriceRule happyHour = aRule(owner, "Happy hour");
    aRule(other, "Someone else's lunch");

    assertEquals(
        java.util.List.of(happyHour.id()),
        listPriceRules.handle(owner).stream().map(PriceRule::id).toList());
  }

  @Test
  void onlyAnOwnerMayReadThem() {
    assertThrows(
        DomainException.Unauthenticated.class, () -> listPriceRules.handle(Caller.anonymous()));
    assertThrows(
        DomainException.Forbidden.class, () -> listPriceRules.handle(world.aUser(Role.CUSTOMER)));
  }
}
