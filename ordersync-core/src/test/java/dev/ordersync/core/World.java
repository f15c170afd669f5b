package dev.ordersync.core;

import dev.ordersync.core.memory.InMemoryIdempotencyStore;
import dev.ordersync.core.memory.InMemoryStore;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.notify.AccountEmails;
import dev.ordersync.core.notify.GuestTextsFromOrderEvents;
import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.AdvanceOrder;
import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.ConfirmSecondFactor;
import dev.ordersync.core.user.EnrollSecondFactor;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LogOut;
import dev.ordersync.core.user.PasswordHasher;
import dev.ordersync.core.user.PasswordPolicy;
import dev.ordersync.core.user.RefreshSession;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.SecretSealer;
import dev.ordersync.core.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The whole core wired to in-memory ports, with fixtures that read as a story: a restaurant, its
 * owner, its menu.
 */
public final class World {
  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T03:00:00Z"));
  public final InMemoryStore store = new InMemoryStore();
  public final StaffAccess staff = new StaffAccess(store.users(), store.restaurants());
  public final PasswordHasher hasher =
      new PasswordHasher() {
        @Override
        public String hash(String password) {
          return "plain:" + password;
        }

        @Override
        public boolean matches(String password, String encodedHash) {
          return encodedHash.equals("plain:" + password);
        }

        @Override
        public void burnEquivalentTime(String password) {}
      };

  public final PasswordPolicy policy =
      new PasswordPolicy(password -> password.equals("password1234"));
  public final RegisterUser registerUser =
      new RegisterUser(
          store.users(), hasher, policy, store.securityEvents(), store.unitOfWork(), clock);
  public final CreateRestaurant createRestaurant =
      new CreateRestaurant(store.restaurants(), store.users(), store.unitOfWork(), clock);
  public final UpdateRestaurantSettings updateSettings =
      new UpdateRestaurantSettings(store.restaurants(), staff, store.unitOfWork(), clock, false);
  public final CreateMenuItem createItem =
      new CreateMenuItem(store.menus(), staff, store.unitOfWork(), clock);
  public final UpdateMenuItem updateItem =
      new UpdateMenuItem(store.menus(), staff, store.unitOfWork(), clock);

  /** Keeps, as the answer a retry gets again, the placed order's id. */
  public final InMemoryIdempotencyStore idempotency =
      new InMemoryIdempotencyStore(order -> order.id().toString().getBytes(StandardCharsets.UTF_8));

  /** Order events that also record the guests' texts they cause, as the server wires them. */
  public final OrderEvents orderEvents =
      new GuestTextsFromOrderEvents(
          store.orderEvents(), store.restaurants(), store.notifications());

  /** The account and staff emails, recorded in the store's outbox. */
  public final AccountEmails accountEmails =
      new AccountEmails(
          store.notifications(), store.users(), store.restaurants(), store.securityEvents());

  public final PlaceOrder placeOrder =
      new PlaceOrder(
          store.restaurants(),
          store.menus(),
          store.orders(),
          store.orderNumbers(),
          orderEvents,
          idempotency,
          store.unitOfWork(),
          clock);

  /** Every read of personal data by a handler, as the use cases recorded it. */
  public final java.util.List<dev.ordersync.core.user.PersonalDataAccess> personalDataReads =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public final GetOrder getOrder =
      new GetOrder(store.orders(), staff, store.unitOfWork(), personalDataReads::add);
  public final ListRestaurantOrders listOrders =
      new ListRestaurantOrders(store.orders(), staff, store.unitOfWork(), personalDataReads::add);
  public final OrderAccess orderAccess = new OrderAccess(store.orders(), staff);
  public final OrderChanges orderChanges =
      new OrderChanges(store.orders(), store.menus(), orderEvents, store.unitOfWork(), clock);
  public final AcceptOrder accept = new AcceptOrder(store.restaurants(), orderAccess, orderChanges);
  public final RejectOrder reject = new RejectOrder(orderAccess, orderChanges);
  public final AdvanceOrder advance = new AdvanceOrder(orderAccess, orderChanges);
  public final CancelOrder cancel = new CancelOrder(orderAccess, orderChanges);

  public final SecretSealer sealer =
      new SecretSealer() {
        @Override
        public byte[] seal(byte[] plaintext, String context) {
          byte[] c = (context + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8);
          byte[] out = java.util.Arrays.copyOf(c, c.length + plaintext.length);
          System.arraycopy(plaintext, 0, out, c.length, plaintext.length);
          return out;
        }

        @Override
        public byte[] open(byte[] sealed, String context) {
          byte[] c = (context + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8);
          if (sealed.length < c.length
              || !java.util.Arrays.equals(java.util.Arrays.copyOf(sealed, c.length), c)) {
            throw new IllegalStateException("sealed for another context");
          }
          return java.util.Arrays.copyOfRange(sealed, c.length, sealed.length);
        }
      };
  public final LogIn logIn =
      new LogIn(
          store.users(),
          hasher,
          store.sessions(),
          store.securityEvents(),
          store.knownDevices(),
          accountEmails,
          store.unitOfWork(),
          clock);
  public final RefreshSession refresh =
      new RefreshSession(
          store.sessions(), store.users(), store.securityEvents(), store.unitOfWork(), clock);
  public final LogOut logOut = new LogOut(store.sessions(), store.unitOfWork(), clock);
  public final ChangePassword changePassword =
      new ChangePassword(
          store.users(),
          hasher,
          policy,
          store.sessions(),
          store.securityEvents(),
          accountEmails,
          store.unitOfWork(),
          clock);
  public final EnrollSecondFactor enroll =
      new EnrollSecondFactor(store.users(), sealer, store.unitOfWork());
  public final ConfirmSecondFactor confirm =
      new ConfirmSecondFactor(
          store.users(), sealer, store.securityEvents(), store.unitOfWork(), clock);
  public final dev.ordersync.core.user.DisableSecondFactor disableSecondFactor =
      new dev.ordersync.core.user.DisableSecondFactor(
          store.users(), hasher, store.securityEvents(), accountEmails, store.unitOfWork(), clock);
  public final CompleteSecondFactor secondFactor =
      new CompleteSecondFactor(
          store.users(),
          sealer,
          store.sessions(),
          store.securityEvents(),
          store.knownDevices(),
          accountEmails,
          store.unitOfWork(),
          clock);
  public final AddStaff addStaff =
      new AddStaff(store.users(), staff, hasher, policy, accountEmails, store.unitOfWork(), clock);
  public final dev.ordersync.core.menu.AddOptionGroup addOptionGroup =
      new dev.ordersync.core.menu.AddOptionGroup(store.menus(), staff, store.unitOfWork(), clock);
  public final dev.ordersync.core.menu.AddPriceRule addPriceRule =
      new dev.ordersync.core.menu.AddPriceRule(store.menus(), staff, store.unitOfWork(), clock);
  public final dev.ordersync.core.menu.GetMenu getMenu =
      new dev.ordersync.core.menu.GetMenu(store.restaurants(), store.menus(), clock);
  public final dev.ordersync.core.restaurant.SetOpeningHours setHours =
      new dev.ordersync.core.restaurant.SetOpeningHours(
          store.restaurants(), staff, store.unitOfWork(), clock);

  private int accounts;

  /** A user of the given role, signed in (acting for no restaurant yet). */
  public Caller.SignedIn aUser(Role role) {
    accounts++;
    User u =
        registerUser
            .handle(
                RegisterUser.Command.from(
                    "user" + accounts + "@example.kr",
                    "correct horse battery",
                    "User " + accounts,
                    null,
                    role == Role.CUSTOMER ? null : role.name()))
            .shown();
    return new Caller.SignedIn(u.id(), u.role(), null);
  }

  /** An owner signed in for a newly created restaurant. */
  public Caller.SignedIn anOwnerWithARestaurant() {
    Caller.SignedIn owner = aUser(Role.OWNER);
    Restaurant r =
        createRestaurant.handle(
            owner,
            new CreateRestaurant.Command(
                "Seoul Kitchen", BusinessNumber.parse("220-81-62517"), null, null, null));
    return new Caller.SignedIn(owner.userId(), Role.OWNER, r.id());
  }

  public MenuItem anItem(Caller.SignedIn owner, String name, long price, Integer stock) {
    return createItem.handle(
        owner, new CreateMenuItem.Command(name, Won.of(price), null, null, true, stock));
  }

  public Order anAnonymousOrder(UUID restaurantId, MenuItem item, int quantity) {
    return place(
        Caller.anonymous(),
        new PlaceOrder.Command(
            restaurantId,
            List.of(new PlaceOrder.Line(item.id(), quantity, List.of())),
            null,
            null,
            null,
            Fulfillment.TAKEOUT,
            null,
            null));
  }

  /** Places an order that is not a retry: the order placed. */
  public Order place(Caller caller, PlaceOrder.Command command) {
    return ((PlaceOrder.Outcome.Placed) placeOrder.handle(caller, command)).order();
  }
}
