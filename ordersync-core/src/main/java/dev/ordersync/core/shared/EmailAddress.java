package dev.ordersync.core.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/** An email address, trimmed and lower-cased so that one mailbox is one account. */
public record EmailAddress(String value) {
  private static final Pattern SHAPE =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  public EmailAddress {
    if (value == null) {
      throw new IllegalArgumentException("email is required");
    }
    value = value.strip().toLowerCase(Locale.ROOT);
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("not a valid email address");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
