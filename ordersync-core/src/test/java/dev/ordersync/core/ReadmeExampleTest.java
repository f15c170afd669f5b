package dev.ordersync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ordersync.core.memory.InMemoryStore;
import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example of README.md, run: the code between the markers below is the README's java block
 * (compared with all white space removed), so the README cannot drift from the API.
 */
class ReadmeExampleTest {
  @Test
  void theReadmesExamplePlacesAndAcceptsAnOrder() {
    World world = new World();
    InMemoryStore store = world.store;
    Clock clock = world.clock;
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    UUID restaurantId = owner.restaurantId();
    UUID itemId = world.anItem(owner, "Bibimbap", 9000, null).id();

    // README:begin
    var changes =
        new OrderChanges(
            store.orders(), store.menus(), store.orderEvents(), store.unitOfWork(), clock);
    var access =
        new OrderAccess(store.orders(), new StaffAccess(store.users(), store.restaurants()));
    var place =
        new PlaceOrder(
            store.restaurants(),
            store.menus(),
            store.orders(),
            store.orderNumbers(),
            store.orderEvents(),
            store.idempotency(),
            store.unitOfWork(),
            clock);
    var accept = new AcceptOrder(store.restaurants(), access, changes);

    // Without a key, handle always places a new order.
    var placed =
        (PlaceOrder.Outcome.Placed)
            place.handle(
                Caller.anonymous(),
                new PlaceOrder.Command(
                    restaurantId,
                    List.of(new PlaceOrder.Line(itemId, 2, List.of())),
                    "Kim",
                    null,
                    null,
                    Fulfillment.TAKEOUT,
                    null,
                    null));
    Order order = placed.order();
    order = accept.handle(owner, new AcceptOrder.Command(order.id(), 15, order.version()));
    // order.status() is ACCEPTED; order.total() is 18000 KRW, priced by the core from the menu
    // README:end

    assertEquals(OrderStatus.ACCEPTED, order.status());
    assertEquals(Won.of(18000), order.total());
  }

  @Test
  void theReadmeShowsTheCodeThisTestRuns() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/dev/ordersync/core/ReadmeExampleTest.java"));
    Matcher tested =
        Pattern.compile("// README:begin\\n(.*?)// README:end", Pattern.DOTALL).matcher(source);
    Matcher shown =
        Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("README.md")));
    tested.find();
    shown.find();
    assertEquals(compact(tested.group(1)), compact(shown.group(1)));
  }

  private static String compact(String code) {
    return code.replaceAll("\\s+", "");
  }
}
