package dev.ordersync.server.ws;

/**
 * A client broke RFC 6455: the connection is failed with {@link #code()} (1002 protocol error, 1007
 * invalid payload data, 1009 message too big) and closed.
 */
final class ProtocolViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int PROTOCOL_ERROR = 1002;
  static final int INVALID_PAYLOAD = 1007;
  static final int TOO_BIG = 1009;

  private final int code;

  ProtocolViolation(int code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
