package dev.ordersync.sdk;

import java.util.UUID;

/**
 * What logging in returns. Use {@link #accessToken()} with {@link
 * OrderSyncClient#withAccessToken(String)}. {@link #toString()} never shows the tokens, so logging
 * this record leaks nothing.
 *
 * @param expiresIn seconds until the access token expires
 * @param restaurantId the restaurant the token acts for, or null (log in again with a restaurant id
 *     after creating one)
 * @param refreshToken may be null: not every server issues one yet
 */
public record Tokens(
    String accessToken, String tokenType, long expiresIn, UUID restaurantId, String refreshToken) {
  @Override
  public String toString() {
    return "Tokens[accessToken=<redacted>, tokenType="
        + tokenType
        + ", expiresIn="
        + expiresIn
        + ", restaurantId="
        + restaurantId
        + ", refreshToken="
        + (refreshToken == null ? "null" : "<redacted>")
        + "]";
  }
}
