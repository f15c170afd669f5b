package dev.ordersync.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to the restaurant's settings: only what is set here changes.
 *
 * <pre>{@code
 * UpdateSettingsRequest.builder().paused(true).build()
 * UpdateSettingsRequest.builder().tables(List.of("1", "2", "테라스-3")).orderPrefix("T").build()
 * }</pre>
 */
public final class UpdateSettingsRequest {
  private final Map<String, Object> fields;

  private UpdateSettingsRequest(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JSON members to send, snake_case; a null value clears the field on the server. */
  Map<String, Object> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateSettingsRequest other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "UpdateSettingsRequest" + fields;
  }

  /** Collects the changes. Each setter replaces an earlier call for the same field. */
  public static final class Builder {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder() {}

    public Builder name(String name) {
      fields.put("name", Objects.requireNonNull(name, "name"));
      return this;
    }

    /** A paused restaurant takes no new orders. */
    public Builder paused(boolean paused) {
      fields.put("paused", paused);
      return this;
    }

    /** Accept every new order at once, with the usual preparation time. */
    public Builder autoAccept(boolean autoAccept) {
      fields.put("auto_accept", autoAccept);
      return this;
    }

    /** The usual preparation time, 1 to 240 minutes. */
    public Builder prepMinutes(int prepMinutes) {
      fields.put("prep_minutes", prepMinutes);
      return this;
    }

    public Builder paymentMode(PaymentMode paymentMode) {
      Objects.requireNonNull(paymentMode, "paymentMode");
      if (paymentMode == PaymentMode.UNKNOWN) {
        throw new IllegalArgumentException("UNKNOWN is not a payment mode one can choose");
      }
      fields.put("payment_mode", paymentMode.name());
      return this;
    }

    /**
     * The table labels, in order (each 1..20 letters, digits, Hangul or hyphens; unique; at most
     * 200); an empty list clears them.
     */
    public Builder tables(List<String> tables) {
      fields.put("tables", List.copyOf(tables));
      return this;
    }

    /**
     * Which changes are texted to guests who agreed: any of {@code accepted}, {@code ready}, {@code
     * rejected}, {@code canceled}, {@code refunded}; an empty list turns texts off.
     */
    public Builder guestTexts(List<String> guestTexts) {
      fields.put("guest_texts", List.copyOf(guestTexts));
      return this;
    }

    /** Whether the owners are emailed yesterday's figures each morning. */
    public Builder dailyReport(boolean dailyReport) {
      fields.put("daily_report", dailyReport);
      return this;
    }

    /** Whether the owners are emailed last week's figures each Monday. */
    public Builder weeklyReport(boolean weeklyReport) {
      fields.put("weekly_report", weeklyReport);
      return this;
    }

    /** One to three capital letters: {@code T} numbers orders {@code T-001}, {@code T-002}... */
    public Builder orderPrefix(String prefix) {
      fields.put("order_prefix", Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** Back to the default order numbers, {@code A-001}...{@code Z-999}. */
    public Builder defaultOrderPrefix() {
      fields.put("order_prefix", null);
      return this;
    }

    /** Whether the restaurant's staff must log in with a second factor. */
    public Builder requireStaffMfa(boolean require) {
      fields.put("require_staff_mfa", require);
      return this;
    }

    public UpdateSettingsRequest build() {
      return new UpdateSettingsRequest(fields);
    }
  }
}
