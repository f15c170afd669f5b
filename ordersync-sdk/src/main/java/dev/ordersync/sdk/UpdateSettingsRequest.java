package dev.ordersync.sdk;

/**
 * A change to the restaurant's settings; null fields stay as they are.
 *
 * <pre>{@code
 * UpdateSettingsRequest.builder().paused(true).build()
 * }</pre>
 *
 * @param prepMinutes the usual preparation time, 1 to 240
 */
public record UpdateSettingsRequest(
    String name, Boolean paused, Boolean autoAccept, Integer prepMinutes, PaymentMode paymentMode) {
  public UpdateSettingsRequest {
    if (paymentMode == PaymentMode.UNKNOWN) {
      throw new IllegalArgumentException("UNKNOWN is not a payment mode one can choose");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the changes. */
  public static final class Builder {
    private String name;
    private Boolean paused;
    private Boolean autoAccept;
    private Integer prepMinutes;
    private PaymentMode paymentMode;

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** A paused restaurant takes no new orders. */
    public Builder paused(boolean paused) {
      this.paused = paused;
      return this;
    }

    /** Accept every new order at once, with the usual preparation time. */
    public Builder autoAccept(boolean autoAccept) {
      this.autoAccept = autoAccept;
      return this;
    }

    public Builder prepMinutes(int prepMinutes) {
      this.prepMinutes = prepMinutes;
      return this;
    }

    public Builder paymentMode(PaymentMode paymentMode) {
      this.paymentMode = paymentMode;
      return this;
    }

    public UpdateSettingsRequest build() {
      return new UpdateSettingsRequest(name, paused, autoAccept, prepMinutes, paymentMode);
    }
  }
}
