package dev.ordersync.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void argon2idHashesVerifyAndCarryTheirParameters() {
    Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();
    String hash = hasher.hash("correct horse battery");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(hasher.matches("correct horse battery", hash));
    assertFalse(hasher.matches("correct horse batterx", hash));
    assertFalse(hasher.matches("correct horse battery", hash.replace("t=2", "t=3")));
    assertFalse(hasher.matches("x", "$argon2id$garbage"));
    assertFalse(hasher.hash("same").equals(hasher.hash("same")), "salted");
  }

  @Test
  void theCommonPasswordListIsLoadedAndCaseInsensitive() {
    ZxcvbnCommonPasswords common = new ZxcvbnCommonPasswords();
    assertTrue(common.size() > 25_000);
    assertTrue(common.isCommon("password1"));
    assertTrue(common.isCommon("QWERTY123"));
    assertFalse(common.isCommon("correct horse battery"));
  }
}
