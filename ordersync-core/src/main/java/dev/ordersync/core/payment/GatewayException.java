package dev.ordersync.core.payment;

/** A call to the payment gateway that did not give a payment back. */
public abstract sealed class GatewayException extends RuntimeException
    permits GatewayException.Declined, GatewayException.Unavailable {

  private final String code;

  GatewayException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** The gateway's error code when it answered (such as {@code REJECT_CARD_PAYMENT}), else null. */
  public String code() {
    return code;
  }

  /**
   * The gateway answered and said no (a rejected card, an unknown payment, an amount it will not
   * cancel). The outcome is known: nothing happened.
   *
   * @param code the gateway's error code, such as {@code REJECT_CARD_PAYMENT}
   * @param status the HTTP status it came with
   */
  public static final class Declined extends GatewayException {
    private final int status;

    public Declined(String code, String message, int status) {
      super(code, message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * The gateway could not be reached, did not answer in time, or failed on its side. When {@code
   * outcomeUnknown}, the request may have been carried out all the same (a time-out after sending):
   * only a look-up can tell.
   */
  public static final class Unavailable extends GatewayException {
    private final boolean outcomeUnknown;

    public Unavailable(String code, String message, boolean outcomeUnknown) {
      super(code, message);
      this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
      return outcomeUnknown;
    }
  }
}
