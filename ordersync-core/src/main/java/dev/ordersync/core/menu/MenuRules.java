package dev.ordersync.core.menu;

import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Won;
import java.util.List;

/** The limits every menu item respects, checked in one place for creating and changing items. */
final class MenuRules {
  /** The most one item may cost: ten million won. */
  static final long MAX_PRICE = 10_000_000;

  private MenuRules() {}

  static String name(String name, List<FieldError> errors) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 100) {
      errors.add(new FieldError("name", "is required, at most 100 characters"));
    }
    return n;
  }

  static String description(String description, List<FieldError> errors) {
    if (description == null) {
      return null;
    }
    String d = description.strip();
    if (d.length() > 1000) {
      errors.add(new FieldError("description", "must have at most 1000 characters"));
    }
    return d.isEmpty() ? null : d;
  }

  static Won price(Long price, List<FieldError> errors) {
    if (price == null) {
      errors.add(new FieldError("price", "is required"));
      return Won.ZERO;
    }
    if (price < 0 || price > MAX_PRICE) {
      errors.add(
          new FieldError("price", "must be a whole number of won between 0 and " + MAX_PRICE));
      return Won.ZERO;
    }
    return Won.of(price);
  }

  static String imageUrl(String url, List<FieldError> errors) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.strip();
    try {
      java.net.URI uri = new java.net.URI(u);
      if (u.length() > 500
          || uri.getHost() == null
          || !("https".equalsIgnoreCase(uri.getScheme())
              || "http".equalsIgnoreCase(uri.getScheme()))) {
        throw new java.net.URISyntaxException(u, "not http(s)");
      }
    } catch (java.net.URISyntaxException e) {
      errors.add(new FieldError("image_url", "must be an http(s) URL of at most 500 characters"));
      return null;
    }
    return u;
  }

  static Integer stock(Integer stock, List<FieldError> errors) {
    if (stock != null && (stock < 0 || stock > MenuItem.MAX_STOCK)) {
      errors.add(
          new FieldError(
              "stock",
              "must be between 0 and " + MenuItem.MAX_STOCK + ", or null for not counted"));
      return null;
    }
    return stock;
  }
}
