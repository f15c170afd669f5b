package dev.ordersync.server.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that let an anonymous customer read and track one order: {@code ot_} followed by the
 * base64url HMAC-SHA256 of the order id under a server key. Nothing is stored; a token is checked
 * by recomputing it for the order it is presented with, in constant time. A token for one order is
 * worth nothing for any other.
 */
public final class OrderTokens {
  public static final String PREFIX = "ot_";

  /**
   * Keyed and fed the domain prefix once; each token clones it (looking up the provider and keying
   * a MAC again for every token showed in the order path's profile).
   */
  private final Mac prototype;

  public OrderTokens(ServerKeys keys) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keys.orderTokenKey(), "HmacSHA256"));
      mac.update("ordersync/order-token/v1/".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      mac.clone(); // fail at start, not on the first order, if the provider's MAC cannot be cloned
      this.prototype = mac;
    } catch (GeneralSecurityException | CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public String issue(UUID orderId) {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(orderId));
  }

  public boolean verify(String token, UUID orderId) {
    if (token == null || !token.startsWith(PREFIX)) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(presented, mac(orderId));
  }

  private byte[] mac(UUID orderId) {
    try {
      Mac mac = (Mac) prototype.clone();
      return mac.doFinal(
          ByteBuffer.allocate(16)
              .putLong(orderId.getMostSignificantBits())
              .putLong(orderId.getLeastSignificantBits())
              .array());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }
}
