package dev.ordersync.core.memory;

import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.order.Customer;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.OrderNumbers;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.payment.Payment;
import dev.ordersync.core.payment.Payments;
import dev.ordersync.core.payment.Refund;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.SecurityEvents;
import dev.ordersync.core.user.Session;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * All core ports backed by maps. Every call and every unit of work holds one lock, so the store is
 * safe to share between threads; a unit of work that throws restores the data as it was when the
 * unit began.
 */
public final class InMemoryStore {
  private final ReentrantLock lock = new ReentrantLock();
  private State state = new State();

  private final Users users = new MemoryUsers();
  private final Restaurants restaurants = new MemoryRestaurants();
  private final Menus menus = new MemoryMenus();
  private final Orders orders = new MemoryOrders();
  private final OrderNumbers orderNumbers =
      (restaurantId, day) ->
          locked(() -> state.counters.merge(restaurantId + "/" + day, 1, Integer::sum));
  private final OrderEvents orderEvents = (order, event) -> locked(() -> state.events.add(event));
  private final UnitOfWork unitOfWork = this::inUnitOfWork;
  private final Sessions sessions = new MemorySessions();
  private final SecurityEvents securityEvents =
      (type, userId, sessionId, detail) ->
          locked(() -> state.securityEvents.add(type + ":" + userId));

  /** What the store holds; copied at the start of each unit of work so it can be put back. */
  private static final class State {
    final Map<UUID, User> users = new LinkedHashMap<>();
    final Map<String, Membership> memberships = new LinkedHashMap<>();
    final Map<UUID, Restaurant> restaurants = new LinkedHashMap<>();
    final Map<UUID, MenuCategory> categories = new LinkedHashMap<>();
    final Map<UUID, MenuItem> items = new LinkedHashMap<>();
    final Set<UUID> removedItems = new HashSet<>();
    final Map<UUID, Order> orders = new LinkedHashMap<>();
    final Map<String, Integer> counters = new HashMap<>();
    final List<OrderEvent> events = new ArrayList<>();
    final Map<UUID, Users.SecondFactor> factors = new HashMap<>();
    final Map<UUID, Set<ByteBuffer>> recoveryCodes = new HashMap<>();
    final Map<UUID, Sessions.Summary> sessions = new LinkedHashMap<>();
    final Map<ByteBuffer, UUID> liveTokens = new HashMap<>();
    final Map<ByteBuffer, UUID> spentTokens = new HashMap<>();
    final Map<UUID, Instant> notBefore = new HashMap<>();
    final List<String> securityEvents = new ArrayList<>();
    final Map<UUID, OptionGroup> optionGroups = new LinkedHashMap<>();
    final Map<UUID, PriceRule> priceRules = new LinkedHashMap<>();
    final Map<UUID, Payment> payments = new LinkedHashMap<>();
    final List<Refund> refunds = new ArrayList<>();

    State copy() {
      State s = new State();
      s.users.putAll(users);
      s.memberships.putAll(memberships);
      s.restaurants.putAll(restaurants);
      s.categories.putAll(categories);
      s.items.putAll(items);
      s.removedItems.addAll(removedItems);
      s.orders.putAll(orders);
      s.counters.putAll(counters);
      s.events.addAll(events);
      s.factors.putAll(factors);
      recoveryCodes.forEach((k, v) -> s.recoveryCodes.put(k, new HashSet<>(v)));
      s.sessions.putAll(sessions);
      s.liveTokens.putAll(liveTokens);
      s.spentTokens.putAll(spentTokens);
      s.notBefore.putAll(notBefore);
      s.securityEvents.addAll(securityEvents);
      s.optionGroups.putAll(optionGroups);
      s.priceRules.putAll(priceRules);
      s.payments.putAll(payments);
      s.refunds.addAll(refunds);
      return s;
    }
  }

  private final Payments payments = new MemoryPayments();

  public Payments payments() {
    return payments;
  }

  public Users users() {
    return users;
  }

  public Restaurants restaurants() {
    return restaurants;
  }

  public Menus menus() {
    return menus;
  }

  public Orders orders() {
    return orders;
  }

  public OrderNumbers orderNumbers() {
    return orderNumbers;
  }

  public OrderEvents orderEvents() {
    return orderEvents;
  }

  public UnitOfWork unitOfWork() {
    return unitOfWork;
  }

  public Sessions sessions() {
    return sessions;
  }

  public SecurityEvents securityEvents() {
    return securityEvents;
  }

  /** The security events recorded so far, as "type:userId". */
  public List<String> securityEventLog() {
    return locked(() -> List.copyOf(state.securityEvents));
  }

  /** Every event recorded so far, oldest first. */
  public List<OrderEvent> events() {
    return locked(() -> List.copyOf(state.events));
  }

  private <T> T inUnitOfWork(Supplier<T> work) {
    lock.lock();
    try {
      if (lock.getHoldCount() > 1) {
        return work.get();
      }
      State before = state.copy();
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        state = before;
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  private void locked(Runnable write) {
    lock.lock();
    try {
      write.run();
    } finally {
      lock.unlock();
    }
  }

  private static DomainException.Conflict stale(String what) {
    return new DomainException.Conflict(
        "version_conflict", "the " + what + " was changed meanwhile");
  }

  private final class MemoryUsers implements Users {
    @Override
    public void add(User user) {
      locked(
          () -> {
            if (state.users.values().stream().anyMatch(u -> u.email().equals(user.email()))) {
              throw new DomainException.Conflict(
                  "email_taken", "an account with this email already exists");
            }
            state.users.put(user.id(), user);
          });
    }

    @Override
    public Optional<User> byId(UUID id) {
      return locked(() -> Optional.ofNullable(state.users.get(id)));
    }

    @Override
    public Optional<User> byEmail(EmailAddress email) {
      return locked(
          () -> state.users.values().stream().filter(u -> u.email().equals(email)).findFirst());
    }

    @Override
    public void addMembership(Membership m) {
      locked(() -> state.memberships.put(m.userId() + "/" + m.restaurantId(), m));
    }

    @Override
    public List<Membership> memberships(UUID userId) {
      return locked(
          () ->
              state.memberships.values().stream().filter(m -> m.userId().equals(userId)).toList());
    }

    @Override
    public Optional<Membership> membership(UUID userId, UUID restaurantId) {
      return locked(() -> Optional.ofNullable(state.memberships.get(userId + "/" + restaurantId)));
    }

    @Override
    public List<UUID> owners(UUID restaurantId) {
      return locked(
          () ->
              state.memberships.values().stream()
                  .filter(m -> m.restaurantId().equals(restaurantId) && m.role() == Role.OWNER)
                  .map(Membership::userId)
                  .toList());
    }

    @Override
    public List<Membership> members(UUID restaurantId) {
      return locked(
          () ->
              state.memberships.values().stream()
                  .filter(m -> m.restaurantId().equals(restaurantId))
                  .toList());
    }

    @Override
    public boolean removeMembership(UUID userId, UUID restaurantId) {
      return locked(() -> state.memberships.remove(userId + "/" + restaurantId) != null);
    }

    @Override
    public void changePassword(UUID userId, String passwordHash, Instant at) {
      locked(
          () -> {
            User u = state.users.get(userId);
            state.users.put(
                userId,
                new User(
                    u.id(),
                    u.email(),
                    u.name(),
                    u.phone(),
                    u.role(),
                    passwordHash,
                    u.createdAt(),
                    u.erasedAt()));
          });
    }

    @Override
    public Optional<Users.SecondFactor> secondFactor(UUID userId) {
      return locked(() -> Optional.ofNullable(state.factors.get(userId)));
    }

    @Override
    public void saveSecondFactorSecret(UUID userId, byte[] sealedSecret) {
      locked(
          () ->
              state.factors.put(
                  userId, new Users.SecondFactor(sealedSecret, false, Long.MIN_VALUE)));
    }

    @Override
    public void enableSecondFactor(UUID userId, long usedStep, List<byte[]> recoveryCodeHashes) {
      locked(
          () -> {
            Users.SecondFactor f = state.factors.get(userId);
            state.factors.put(userId, new Users.SecondFactor(f.sealedSecret(), true, usedStep));
            Set<ByteBuffer> codes = new HashSet<>();
            recoveryCodeHashes.forEach(h -> codes.add(ByteBuffer.wrap(h.clone())));
            state.recoveryCodes.put(userId, codes);
          });
    }

    @Override
    public boolean useTotpStep(UUID userId, long step) {
      return locked(
          () -> {
            Users.SecondFactor f = state.factors.get(userId);
            if (f == null || step <= f.lastUsedStep()) {
              return false;
            }
            state.factors.put(userId, new Users.SecondFactor(f.sealedSecret(), f.enabled(), step));
            return true;
          });
    }

    @Override
    public boolean useRecoveryCode(UUID userId, byte[] codeHash) {
      return locked(
          () ->
              state
                  .recoveryCodes
                  .getOrDefault(userId, new HashSet<>())
                  .remove(ByteBuffer.wrap(codeHash)));
    }

    @Override
    public int recoveryCodesLeft(UUID userId) {
      return locked(() -> state.recoveryCodes.getOrDefault(userId, Set.of()).size());
    }

    @Override
    public void erase(UUID userId, Instant at) {
      locked(
          () -> {
            User u = state.users.get(userId);
            state.users.put(
                userId,
                new User(
                    u.id(),
                    new EmailAddress("erased-" + u.id() + "@erased.invalid"),
                    "(erased)",
                    null,
                    u.role(),
                    "!",
                    u.createdAt(),
                    at));
            state.factors.remove(userId);
            state.recoveryCodes.remove(userId);
            state.memberships.values().removeIf(m -> m.userId().equals(userId));
          });
    }
  }

  private final class MemorySessions implements Sessions {
    @Override
    public void open(Session session, byte[] refreshTokenHash) {
      locked(
          () -> {
            state.sessions.put(session.id(), new Sessions.Summary(session, null, null));
            state.liveTokens.put(ByteBuffer.wrap(refreshTokenHash.clone()), session.id());
          });
    }

    @Override
    public Sessions.Rotation rotate(byte[] presentedHash, byte[] nextHash, Instant now) {
      return locked(
          () -> {
            ByteBuffer presented = ByteBuffer.wrap(presentedHash);
            UUID live = state.liveTokens.get(presented);
            if (live != null) {
              Sessions.Summary s = state.sessions.get(live);
              if (s.revokedAt() != null || !now.isBefore(s.session().expiresAt())) {
                return new Sessions.Rotation.Ended(s.session());
              }
              state.liveTokens.remove(presented);
              state.spentTokens.put(presented, live);
              state.liveTokens.put(ByteBuffer.wrap(nextHash.clone()), live);
              return new Sessions.Rotation.Rotated(s.session());
            }
            UUID spent = state.spentTokens.get(presented);
            if (spent != null) {
              return new Sessions.Rotation.Reused(state.sessions.get(spent).session());
            }
            return new Sessions.Rotation.Unknown();
          });
    }

    @Override
    public void revoke(UUID sessionId, String reason, Instant at) {
      locked(
          () -> {
            Sessions.Summary s = state.sessions.get(sessionId);
            if (s != null && s.revokedAt() == null) {
              state.sessions.put(sessionId, new Sessions.Summary(s.session(), at, reason));
            }
          });
    }

    @Override
    public int revokeAll(UUID userId, String reason, Instant at) {
      return locked(
          () -> {
            state.notBefore.put(userId, at);
            int n = 0;
            for (Sessions.Summary s : List.copyOf(state.sessions.values())) {
              if (s.session().userId().equals(userId) && s.revokedAt() == null) {
                revoke(s.session().id(), reason, at);
                n++;
              }
            }
            return n;
          });
    }

    @Override
    public boolean active(UUID sessionId, UUID userId, Instant issuedAt, Instant now) {
      return locked(
          () -> {
            Sessions.Summary s = state.sessions.get(sessionId);
            Instant notBefore = state.notBefore.get(userId);
            return s != null
                && s.session().userId().equals(userId)
                && s.revokedAt() == null
                && now.isBefore(s.session().expiresAt())
                && (notBefore == null || !issuedAt.isBefore(notBefore));
          });
    }

    @Override
    public List<Sessions.Summary> of(UUID userId) {
      return locked(
          () ->
              state.sessions.values().stream()
                  .filter(s -> s.session().userId().equals(userId))
                  .sorted(
                      Comparator.comparing((Sessions.Summary s) -> s.session().createdAt())
                          .reversed())
                  .toList());
    }
  }

  private final class MemoryRestaurants implements Restaurants {
    @Override
    public void add(Restaurant restaurant) {
      locked(() -> state.restaurants.put(restaurant.id(), restaurant));
    }

    @Override
    public Optional<Restaurant> byId(UUID id) {
      return locked(() -> Optional.ofNullable(state.restaurants.get(id)));
    }

    @Override
    public void update(Restaurant restaurant) {
      locked(
          () -> {
            Restaurant stored = state.restaurants.get(restaurant.id());
            if (stored == null || stored.version() != restaurant.version() - 1) {
              throw stale("restaurant");
            }
            state.restaurants.put(restaurant.id(), restaurant);
          });
    }
  }

  private final class MemoryMenus implements Menus {
    @Override
    public void addCategory(MenuCategory category) {
      locked(() -> state.categories.put(category.id(), category));
    }

    @Override
    public Optional<MenuCategory> category(UUID restaurantId, UUID categoryId) {
      return locked(
          () ->
              Optional.ofNullable(state.categories.get(categoryId))
                  .filter(c -> c.restaurantId().equals(restaurantId)));
    }

    @Override
    public List<MenuCategory> categories(UUID restaurantId) {
      return locked(
          () ->
              state.categories.values().stream()
                  .filter(c -> c.restaurantId().equals(restaurantId))
                  .toList());
    }

    @Override
    public void addItem(MenuItem item) {
      locked(() -> state.items.put(item.id(), item));
    }

    @Override
    public Optional<MenuItem> item(UUID restaurantId, UUID itemId) {
      return locked(
          () ->
              Optional.ofNullable(state.items.get(itemId))
                  .filter(
                      i ->
                          i.restaurantId().equals(restaurantId)
                              && !state.removedItems.contains(itemId)));
    }

    @Override
    public List<MenuItem> items(UUID restaurantId) {
      return locked(
          () ->
              state.items.values().stream()
                  .filter(
                      i ->
                          i.restaurantId().equals(restaurantId)
                              && !state.removedItems.contains(i.id()))
                  .toList());
    }

    @Override
    public Map<UUID, MenuItem> items(UUID restaurantId, Collection<UUID> ids) {
      Map<UUID, MenuItem> found = new HashMap<>();
      for (UUID id : ids) {
        item(restaurantId, id).ifPresent(i -> found.put(id, i));
      }
      return found;
    }

    @Override
    public void updateItem(MenuItem item) {
      locked(
          () -> {
            MenuItem stored = state.items.get(item.id());
            if (stored == null || stored.version() != item.version() - 1) {
              throw stale("menu item");
            }
            state.items.put(item.id(), item);
          });
    }

    @Override
    public boolean removeItem(UUID restaurantId, UUID itemId) {
      return locked(() -> item(restaurantId, itemId).isPresent() && state.removedItems.add(itemId));
    }

    @Override
    public boolean reserveStock(UUID itemId, int quantity) {
      return locked(
          () -> {
            MenuItem item = state.items.get(itemId);
            if (item == null) {
              return false;
            }
            if (item.stock() == null) {
              return true;
            }
            if (item.stock() < quantity) {
              return false;
            }
            state.items.put(itemId, withStock(item, item.stock() - quantity));
            return true;
          });
    }

    @Override
    public void releaseStock(UUID itemId, int quantity) {
      locked(
          () -> {
            MenuItem item = state.items.get(itemId);
            if (item != null && item.stock() != null) {
              state.items.put(
                  itemId, withStock(item, Math.min(MenuItem.MAX_STOCK, item.stock() + quantity)));
            }
          });
    }

    @Override
    public void addOptionGroup(OptionGroup group) {
      locked(() -> state.optionGroups.put(group.id(), group));
    }

    @Override
    public Map<UUID, List<OptionGroup>> optionGroups(UUID restaurantId, Collection<UUID> itemIds) {
      return locked(
          () -> {
            Map<UUID, List<OptionGroup>> found = new HashMap<>();
            state.optionGroups.values().stream()
                .filter(g -> g.restaurantId().equals(restaurantId) && itemIds.contains(g.itemId()))
                .sorted(Comparator.comparingInt(OptionGroup::position))
                .forEach(g -> found.computeIfAbsent(g.itemId(), k -> new ArrayList<>()).add(g));
            return found;
          });
    }

    @Override
    public boolean removeOptionGroup(UUID restaurantId, UUID groupId) {
      return locked(
          () -> {
            OptionGroup g = state.optionGroups.get(groupId);
            return g != null
                && g.restaurantId().equals(restaurantId)
                && state.optionGroups.remove(groupId) != null;
          });
    }

    @Override
    public void addPriceRule(PriceRule rule) {
      locked(() -> state.priceRules.put(rule.id(), rule));
    }

    @Override
    public List<PriceRule> priceRules(UUID restaurantId) {
      return locked(
          () ->
              state.priceRules.values().stream()
                  .filter(r -> r.restaurantId().equals(restaurantId))
                  .toList());
    }

    @Override
    public boolean removePriceRule(UUID restaurantId, UUID ruleId) {
      return locked(
          () -> {
            PriceRule r = state.priceRules.get(ruleId);
            return r != null
                && r.restaurantId().equals(restaurantId)
                && state.priceRules.remove(ruleId) != null;
          });
    }

    private MenuItem withStock(MenuItem i, int stock) {
      return new MenuItem(
          i.id(),
          i.restaurantId(),
          i.categoryId(),
          i.name(),
          i.description(),
          i.imageUrl(),
          i.price(),
          i.available(),
          stock,
          i.version(),
          i.createdAt(),
          i.updatedAt());
    }
  }

  private final class MemoryPayments implements Payments {
    @Override
    public void save(Payment payment) {
      locked(
          () -> {
            for (Payment p : state.payments.values()) {
              if (!p.id().equals(payment.id())
                  && (p.orderId().equals(payment.orderId())
                      || p.paymentKey().equals(payment.paymentKey()))) {
                throw new DomainException.Conflict(
                    "payment_key_used", "the payment or its order already has a payment");
              }
            }
            return state.payments.put(payment.id(), payment);
          });
    }

    @Override
    public Optional<Payment> byOrderId(UUID orderId) {
      return locked(
          () ->
              state.payments.values().stream()
                  .filter(p -> p.orderId().equals(orderId))
                  .findFirst());
    }

    @Override
    public Optional<Payment> byPaymentKey(String paymentKey) {
      return locked(
          () ->
              state.payments.values().stream()
                  .filter(p -> p.paymentKey().equals(paymentKey))
                  .findFirst());
    }

    @Override
    public List<Payment> confirming(int limit) {
      return locked(
          () ->
              state.payments.values().stream()
                  .filter(p -> p.status() == dev.ordersync.core.payment.PaymentStatus.CONFIRMING)
                  .sorted(Comparator.comparing(Payment::updatedAt))
                  .limit(limit)
                  .toList());
    }

    @Override
    public void addRefund(Refund refund) {
      locked(() -> state.refunds.add(refund));
    }

    @Override
    public Optional<Refund> refundByKey(String idempotencyKey) {
      return locked(
          () ->
              state.refunds.stream()
                  .filter(r -> r.idempotencyKey().equals(idempotencyKey))
                  .findFirst());
    }

    @Override
    public List<Refund> refunds(UUID orderId) {
      return locked(() -> state.refunds.stream().filter(r -> r.orderId().equals(orderId)).toList());
    }

    @Override
    public List<Payment> approvedBetween(UUID restaurantId, Instant from, Instant to) {
      return locked(
          () ->
              state.payments.values().stream()
                  .filter(p -> p.restaurantId().equals(restaurantId) && p.approvedAt() != null)
                  .filter(p -> !p.approvedAt().isBefore(from) && p.approvedAt().isBefore(to))
                  .toList());
    }

    @Override
    public List<Refund> refundedBetween(UUID restaurantId, Instant from, Instant to) {
      return locked(
          () ->
              state.refunds.stream()
                  .filter(r -> r.restaurantId().equals(restaurantId))
                  .filter(r -> !r.refundedAt().isBefore(from) && r.refundedAt().isBefore(to))
                  .toList());
    }
  }

  private final class MemoryOrders implements Orders {
    @Override
    public void add(Order order, java.time.LocalDate businessDay) {
      locked(() -> state.orders.put(order.id(), order));
    }

    @Override
    public Optional<Order> byId(UUID id) {
      return locked(() -> Optional.ofNullable(state.orders.get(id)));
    }

    @Override
    public void update(Order order) {
      locked(
          () -> {
            Order stored = state.orders.get(order.id());
            if (stored == null || stored.version() != order.version() - 1) {
              throw stale("order");
            }
            state.orders.put(order.id(), order);
          });
    }

    @Override
    public List<Order> list(
        UUID restaurantId,
        Set<OrderStatus> statuses,
        Instant from,
        Instant to,
        UUID before,
        int limit) {
      return locked(
          () ->
              state.orders.values().stream()
                  .filter(o -> o.restaurantId().equals(restaurantId))
                  .filter(o -> statuses.isEmpty() || statuses.contains(o.status()))
                  .filter(o -> from == null || !o.createdAt().isBefore(from))
                  .filter(o -> to == null || o.createdAt().isBefore(to))
                  .filter(o -> before == null || o.id().compareTo(before) < 0)
                  .sorted(Comparator.comparing(Order::id).reversed())
                  .limit(limit)
                  .toList());
    }

    @Override
    public List<Order> awaitingPayment(Instant createdBefore, int limit) {
      return locked(
          () ->
              state.orders.values().stream()
                  .filter(
                      o ->
                          o.status() == OrderStatus.AWAITING_PAYMENT
                              && o.createdAt().isBefore(createdBefore))
                  .sorted(Comparator.comparing(Order::createdAt))
                  .limit(limit)
                  .toList());
    }

    @Override
    public List<Order> byCustomer(UUID userId) {
      return locked(
          () ->
              state.orders.values().stream()
                  .filter(o -> userId.equals(o.customer().userId()))
                  .sorted(Comparator.comparing(Order::id).reversed())
                  .toList());
    }

    @Override
    public void eraseCustomer(UUID userId) {
      locked(
          () -> {
            for (Order o : List.copyOf(state.orders.values())) {
              if (userId.equals(o.customer().userId())) {
                state.orders.put(
                    o.id(),
                    new Order(
                        o.id(),
                        o.restaurantId(),
                        o.number(),
                        o.status(),
                        o.version(),
                        o.fulfillment(),
                        o.table(),
                        null,
                        new Customer(userId, null, null),
                        o.lines(),
                        o.subtotal(),
                        o.discount(),
                        o.total(),
                        o.prepMinutes(),
                        o.readyBy(),
                        o.reason(),
                        o.createdAt(),
                        o.updatedAt()));
              }
            }
          });
    }
  }

  /** Today's counter for a restaurant, for tests that check numbering. */
  int counter(UUID restaurantId, LocalDate day) {
    return locked(() -> state.counters.getOrDefault(restaurantId + "/" + day, 0));
  }
}
