package dev.ordersync.sdk;

import java.util.Objects;

/**
 * Where a client gets the access token for each request. A fixed token ({@link #of(String)}) or a
 * {@link Session}, which refreshes itself. Implementations must be thread-safe: one provider may
 * serve many clients and threads.
 */
public interface TokenProvider {
  /** The token to send now; null to send none. Called before every attempt. */
  String accessToken();

  /**
   * The server refused {@code rejected} with 401: return a fresh token to send the request once
   * more, or null to give the 401 to the caller. Called at most once per call.
   */
  default String refreshAfterRejection(String rejected) {
    return null;
  }

  /** Always the same token: what {@link OrderSyncClient#withAccessToken(String)} uses. */
  static TokenProvider of(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the access token is blank");
    }
    return () -> token;
  }
}
