package dev.ordersync.core.payment;

/** A call to the payment gateway that did not give a payment back. */
public abstract sealed class GatewayException extends RuntimeException
    permits GatewayException.Declined, GatewayException.Unavailable {

  GatewayException(String message) {
    super(message, null, false, false);
  }

  /**
   * The gateway answered and said no (a rejected card, an unknown payment, an amount it will not cancel). The outcome is
   * known: nothing happened.
   *
   * @param code the gateway's error code, such as {@code REJECT_CARD_PAYMENT}
   * @param status the HTTP status it came with
   */
  public static final class Declined extends GatewayException {
    private final String code;
    private final int status;

    public Declined(String code, String message, int status) {
      super(message);
      this.code = code;
      this.status = status;
    }

    public String code() {
      return code;
    }

    public int status() {
      return status;
    }
  }

  /**
   * The gateway could not be reached, did not answer in time, or failed on its side. When {@code outcomeUnknown}, the
   * request may have been carried out all the same (a time-out after sending): only a look-up can tell.
   */
  public static final class Unavailable extends GatewayException {
    private final boolean outcomeUnknown;
    private final String code;

    public Unavailable(String code, String message, boolean outcomeUnknown) {
      super(message);
      this.code = code;
      this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
      return outcomeUnknown;
    }

    /** The gateway's error code when it answered (such as {@code FAILED_INTERNAL_SYSTEM_PROCESSING}), else null. */
    public String code() {
      return code;
    }
  }
}
