package dev.ordersync.sdk;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * What a user is to OrderSync. OWNER and STAFF act for a restaurant; {@code UNKNOWN} is a role
 * newer than this SDK.
 */
public enum Role {
  CUSTOMER,
  OWNER,
  STAFF,
  ADMIN,
  @JsonEnumDefaultValue
  UNKNOWN
}
