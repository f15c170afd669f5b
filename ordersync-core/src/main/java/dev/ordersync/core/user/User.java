package dev.ordersync.core.user;

import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.PhoneNumber;
import java.time.Instant;
import java.util.UUID;

/**
 * An account. {@code passwordHash} is an encoded password hash (PHC string); it never leaves the
 * server.
 *
 * @param phone may be null
 * @param erasedAt when the user's personal data was erased, or null
 */
public record User(
    UUID id,
    EmailAddress email,
    String name,
    PhoneNumber phone,
    Role role,
    String passwordHash,
    Instant createdAt,
    Instant erasedAt) {
  public User {
    if (id == null
        || email == null
        || name == null
        || role == null
        || passwordHash == null
        || createdAt == null) {
      throw new IllegalArgumentException("user fields missing");
    }
  }

  public User(
      UUID id,
      EmailAddress email,
      String name,
      PhoneNumber phone,
      Role role,
      String passwordHash,
      Instant createdAt) {
    this(id, email, name, phone, role, passwordHash, createdAt, null);
  }

  public boolean erased() {
    return erasedAt != null;
  }
}
