package dev.ordersync.sdk;

import java.util.Objects;

/**
 * A new account. Anyone may register as a CUSTOMER or an OWNER. {@link #toString()} does not show
 * the password.
 *
 * @param phone may be null
 * @param role may be null for CUSTOMER
 */
public record RegisterRequest(String email, String password, String name, String phone, Role role) {
  public RegisterRequest {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(name, "name");
    if (role == Role.UNKNOWN) {
      throw new IllegalArgumentException("UNKNOWN is not a role one can register as");
    }
  }

  public static RegisterRequest customer(String email, String password, String name) {
    return new RegisterRequest(email, password, name, null, Role.CUSTOMER);
  }

  public static RegisterRequest owner(String email, String password, String name) {
    return new RegisterRequest(email, password, name, null, Role.OWNER);
  }

  public RegisterRequest withPhone(String phone) {
    return new RegisterRequest(email, password, name, phone, role);
  }

  @Override
  public String toString() {
    return "RegisterRequest[email="
        + email
        + ", password=<redacted>, name="
        + name
        + ", phone="
        + phone
        + ", role="
        + role
        + "]";
  }
}
