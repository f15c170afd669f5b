package dev.ordersync.core.user;

/** Knows passwords that attackers try first (leaked-password lists). */
public interface CommonPasswords {
  boolean isCommon(String password);

  static CommonPasswords none() {
    return password -> false;
  }
}
