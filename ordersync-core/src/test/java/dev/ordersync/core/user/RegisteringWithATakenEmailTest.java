package dev.ordersync.core.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.shared.EmailAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Registration does not reveal that an email is taken: the same answer, the same work, nothing
 * stored, and the account's owner can be told.
 */
class RegisteringWithATakenEmailTest {
  private final World world = new World();
  private final AtomicInteger hashes = new AtomicInteger();
  private final RegisterUser register =
      new RegisterUser(
          world.store.users(),
          new PasswordHasher() {
            @Override
            public String hash(String password) {
              hashes.incrementAndGet();
              return world.hasher.hash(password);
            }

            @Override
            public boolean matches(String password, String encodedHash) {
              return world.hasher.matches(password, encodedHash);
            }

            @Override
            public void burnEquivalentTime(String password) {}
          },
          world.policy,
          world.store.securityEvents(),
          world.store.unitOfWork(),
          world.clock);

  private RegisterUser.Command kim(String password) {
    return RegisterUser.Command.from("kim@example.kr", password, "Kim", null, "OWNER");
  }

  @Test
  void aTakenEmailIsAnsweredLikeANewAccountAndNothingIsStored() {
    User owner =
        ((RegisterUser.Outcome.Created) register.handle(kim("correct horse battery"))).user();

    RegisterUser.Outcome again = register.handle(kim("another horse battery"));

    RegisterUser.Outcome.EmailTaken taken =
        assertInstanceOf(RegisterUser.Outcome.EmailTaken.class, again);
    User shown = taken.shown();
    assertNotEquals(owner.id(), shown.id(), "the existing account's id is never shown");
    assertEquals(owner.email(), shown.email());
    assertEquals("Kim", shown.name());
    assertEquals(Role.OWNER, shown.role());
    assertEquals(2, hashes.get(), "the password is hashed for a taken email too (same time)");
    User stored = world.store.users().byEmail(new EmailAddress("kim@example.kr")).orElseThrow();
    assertEquals(owner.id(), stored.id());
    assertTrue(world.hasher.matches("correct horse battery", stored.passwordHash()));
    assertTrue(world.store.users().byId(shown.id()).isEmpty(), "the look-alike is never stored");
    assertTrue(
        world.store.securityEventLog().contains("registration_attempted:" + owner.id()),
        world.store.securityEventLog().toString());
  }

  @Test
  void aFreshEmailRecordsNoSecurityEvent() {
    register.handle(kim("correct horse battery"));
    assertTrue(world.store.securityEventLog().isEmpty(), world.store.securityEventLog().toString());
  }
}
