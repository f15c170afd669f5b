package dev.ordersync.core.user;

/** What a user is to the system. OWNER and STAFF act for the restaurants they are members of. */
public enum Role {
  CUSTOMER,
  OWNER,
  STAFF,
  ADMIN;

  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.name().equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be one of CUSTOMER, OWNER, STAFF, ADMIN");
  }
}
