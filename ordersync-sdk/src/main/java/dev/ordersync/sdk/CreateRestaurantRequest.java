package dev.ordersync.sdk;

import java.util.Objects;

/**
 * A new restaurant, created by an OWNER.
 *
 * @param businessNumber the business registration number (사업자등록번호), with or without dashes: {@code
 *     220-81-62517}
 * @param phone may be null
 * @param address may be null
 * @param timeZone an IANA zone id; null for the server's default, {@code Asia/Seoul}
 */
public record CreateRestaurantRequest(
    String name, String businessNumber, String phone, String address, String timeZone) {
  public CreateRestaurantRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(businessNumber, "businessNumber");
  }

  public CreateRestaurantRequest(String name, String businessNumber) {
    this(name, businessNumber, null, null, null);
  }
}
