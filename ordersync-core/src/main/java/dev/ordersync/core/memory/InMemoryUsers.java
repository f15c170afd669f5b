package dev.ordersync.core.memory;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link Users} in maps: accounts, memberships, second factors and recovery codes. */
final class InMemoryUsers implements Users, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Data data = new Data();

  /** Everything this adapter holds, copied whole so a failed unit of work can put it back. */
  private static final class Data {
    final Map<UUID, User> users = new LinkedHashMap<>();
    final Map<String, Membership> memberships = new LinkedHashMap<>();
    final Map<UUID, SecondFactor> factors = new HashMap<>();
    final Map<UUID, Set<ByteBuffer>> recoveryCodes = new HashMap<>();

    Data copy() {
      Data d = new Data();
      d.users.putAll(users);
      d.memberships.putAll(memberships);
      d.factors.putAll(factors);
      recoveryCodes.forEach((k, v) -> d.recoveryCodes.put(k, new HashSet<>(v)));
      return d;
    }
  }

  InMemoryUsers(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Data before = data.copy();
    return () -> data = before;
  }

  private static String key(UUID userId, UUID restaurantId) {
    return userId + "/" + restaurantId;
  }

  @Override
  public void add(User user) {
    tx.locked(
        () -> {
          if (data.users.values().stream().anyMatch(u -> u.email().equals(user.email()))) {
            throw new DomainException.Conflict(
                "email_taken", "an account with this email already exists");
          }
          data.users.put(user.id(), user);
        });
  }

  @Override
  public Optional<User> byId(UUID id) {
    return tx.locked(() -> Optional.ofNullable(data.users.get(id)));
  }

  @Override
  public Optional<User> byEmail(EmailAddress email) {
    return tx.locked(
        () -> data.users.values().stream().filter(u -> u.email().equals(email)).findFirst());
  }

  @Override
  public void addMembership(Membership m) {
    tx.locked(() -> data.memberships.put(key(m.userId(), m.restaurantId()), m));
  }

  @Override
  public List<Membership> memberships(UUID userId) {
    return tx.locked(
        () -> data.memberships.values().stream().filter(m -> m.userId().equals(userId)).toList());
  }

  @Override
  public Optional<Membership> membership(UUID userId, UUID restaurantId) {
    return tx.locked(() -> Optional.ofNullable(data.memberships.get(key(userId, restaurantId))));
  }

  @Override
  public List<UUID> owners(UUID restaurantId) {
    return tx.locked(
        () ->
            data.memberships.values().stream()
                .filter(m -> m.restaurantId().equals(restaurantId) && m.role() == Role.OWNER)
                .map(Membership::userId)
                .toList());
  }

  @Override
  public List<Membership> members(UUID restaurantId) {
    return tx.locked(
        () ->
            data.memberships.values().stream()
                .filter(m -> m.restaurantId().equals(restaurantId))
                .toList());
  }

  @Override
  public boolean removeMembership(UUID userId, UUID restaurantId) {
    return tx.locked(() -> data.memberships.remove(key(userId, restaurantId)) != null);
  }

  @Override
  public void changePassword(UUID userId, String passwordHash, Instant at) {
    tx.locked(
        () -> {
          User u = data.users.get(userId);
          data.users.put(
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
  public Optional<SecondFactor> secondFactor(UUID userId) {
    return tx.locked(() -> Optional.ofNullable(data.factors.get(userId)));
  }

  @Override
  public void saveSecondFactorSecret(UUID userId, byte[] sealedSecret) {
    tx.locked(
        () -> data.factors.put(userId, new SecondFactor(sealedSecret, false, Long.MIN_VALUE)));
  }

  @Override
  public void enableSecondFactor(UUID userId, long usedStep, List<byte[]> recoveryCodeHashes) {
    tx.locked(
        () -> {
          SecondFactor f = data.factors.get(userId);
          data.factors.put(userId, new SecondFactor(f.sealedSecret(), true, usedStep));
          Set<ByteBuffer> codes = new HashSet<>();
          recoveryCodeHashes.forEach(h -> codes.add(ByteBuffer.wrap(h.clone())));
          data.recoveryCodes.put(userId, codes);
        });
  }

  @Override
  public void disableSecondFactor(UUID userId) {
    tx.locked(
        () -> {
          data.factors.remove(userId);
          data.recoveryCodes.remove(userId);
        });
  }

  @Override
  public boolean useTotpStep(UUID userId, long step) {
    return tx.locked(
        () -> {
          SecondFactor f = data.factors.get(userId);
          if (f == null || step <= f.lastUsedStep()) {
            return false;
          }
          data.factors.put(userId, new SecondFactor(f.sealedSecret(), f.enabled(), step));
          return true;
        });
  }

  @Override
  public boolean useRecoveryCode(UUID userId, byte[] codeHash) {
    return tx.locked(
        () ->
            data.recoveryCodes
                .getOrDefault(userId, new HashSet<>())
                .remove(ByteBuffer.wrap(codeHash)));
  }

  @Override
  public int recoveryCodesLeft(UUID userId) {
    return tx.locked(() -> data.recoveryCodes.getOrDefault(userId, Set.of()).size());
  }

  @Override
  public void erase(UUID userId, Instant at) {
    tx.locked(
        () -> {
          User u = data.users.get(userId);
          data.users.put(
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
          data.factors.remove(userId);
          data.recoveryCodes.remove(userId);
          data.memberships.values().removeIf(m -> m.userId().equals(userId));
        });
  }
}
