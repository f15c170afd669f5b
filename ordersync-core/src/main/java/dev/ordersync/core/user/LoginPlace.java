package dev.ordersync.core.user;

/**
 * Where a login comes from, as the adapter saw it. Every field may be null when unknown.
 *
 * @param deviceId the id of the browser or app that logged in: the one its signed device cookie
 *     carries, or a new one that the answer's cookie will carry
 * @param address the client's network address
 * @param userAgent the client's {@code User-Agent}, for telling the user which browser it was
 */
public record LoginPlace(String deviceId, String address, String userAgent) {
  /** A login whose place the adapter did not say (tools, tests). */
  public static final LoginPlace UNKNOWN = new LoginPlace(null, null, null);

  /** Whether there is anything to recognise this place by. */
  public boolean known() {
    return deviceId != null || address != null;
  }

  /** Shown in logs: never the address or the device id. */
  @Override
  public String toString() {
    return "LoginPlace[" + (known() ? "known" : "unknown") + "]";
  }
}
