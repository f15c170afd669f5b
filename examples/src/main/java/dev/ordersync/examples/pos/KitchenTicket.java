package dev.ordersync.examples.pos;

import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderLine;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A kitchen ticket as fixed-width text for a receipt printer or a terminal: the order number, the
 * table, the time in the restaurant's zone, each line with its options, the guest's note and the
 * totals in won. Korean text takes two columns per character, as on a printer, so the columns stay
 * aligned.
 */
public final class KitchenTicket {
  /** The paper of a 58 mm receipt printer: 32 columns. */
  public static final int WIDTH = 32;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private KitchenTicket() {}

  /** The ticket of {@code order}, its time shown in {@code zone}; lines end with {@code \n}. */
  public static String format(String restaurantName, Order order, ZoneId zone) {
    List<String> out = new ArrayList<>();
    out.add("=".repeat(WIDTH));
    out.add(center(restaurantName));
    out.add(row("ORDER " + order.number(), fulfillment(order)));
    if (order.table() != null) {
      out.add(row("TABLE " + order.table(), ""));
    }
    out.add(
        row(
            order.createdAt() == null ? "" : TIME.format(order.createdAt().atZone(zone)),
            zone.getId()));
    if (order.prepMinutes() != null) {
      out.add(row("READY IN", order.prepMinutes() + " min"));
    }
    out.add("-".repeat(WIDTH));
    for (OrderLine line : order.items()) {
      out.addAll(rows(line.quantity() + " x " + line.name(), won(line.lineTotal())));
      for (OrderLine.ChosenOption option : line.options()) {
        String what =
            "   + " + (option.group() == null ? "" : option.group() + ": ") + option.name();
        out.addAll(rows(what, option.priceDelta() == 0 ? "" : "+" + won(option.priceDelta())));
      }
    }
    if (order.note() != null && !order.note().isBlank()) {
      out.add("-".repeat(WIDTH));
      out.addAll(wrap("NOTE: " + order.note().strip()));
    }
    out.add("-".repeat(WIDTH));
    out.add(row("SUBTOTAL", won(order.subtotal())));
    if (order.discount() != 0) {
      out.add(row("DISCOUNT", "-" + won(order.discount())));
    }
    out.add(row("TOTAL", won(order.total())));
    out.add("=".repeat(WIDTH));
    return String.join("\n", out) + "\n";
  }

  /** {@code 18000} as {@code 18,000원}. */
  public static String won(long amount) {
    return String.format(Locale.ROOT, "%,d원", amount);
  }

  private static String fulfillment(Order order) {
    return order.fulfillment() == null ? "" : order.fulfillment().name().replace('_', ' ');
  }

  /** {@code left} and {@code right} on one line, or the right on a line of its own if too long. */
  private static List<String> rows(String left, String right) {
    if (width(left) + 1 + width(right) <= WIDTH) {
      return List.of(row(left, right));
    }
    List<String> lines = new ArrayList<>(wrap(left));
    if (!right.isEmpty()) {
      lines.add(row("", right));
    }
    return lines;
  }

  private static String row(String left, String right) {
    int gap = Math.max(1, WIDTH - width(left) - width(right));
    return (left + " ".repeat(gap) + right).stripTrailing();
  }

  private static String center(String text) {
    int pad = Math.max(0, (WIDTH - width(text)) / 2);
    return " ".repeat(pad) + text;
  }

  /** Breaks {@code text} into lines of at most {@link #WIDTH} columns. */
  private static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int w = columns(cp);
      if (used + w > WIDTH) {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
        used = 0;
      }
      line.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /** Columns {@code text} takes on a fixed-width printer. */
  static int width(String text) {
    return text.codePoints().map(KitchenTicket::columns).sum();
  }

  /** East Asian wide characters (Hangul, CJK, full-width forms) take two columns. */
  private static int columns(int cp) {
    boolean wide =
        (cp >= 0x1100 && cp <= 0x115F)
            || (cp >= 0x2E80 && cp <= 0xA4CF)
            || (cp >= 0xAC00 && cp <= 0xD7A3)
            || (cp >= 0xF900 && cp <= 0xFAFF)
            || (cp >= 0xFE30 && cp <= 0xFE4F)
            || (cp >= 0xFF00 && cp <= 0xFF60)
            || (cp >= 0xFFE0 && cp <= 0xFFE6);
    return wide ? 2 : 1;
  }
}
