package dev.ordersync.core.notify;

/**
 * The length of a text message as Korean carriers count it: in EUC-KR bytes, one for an ASCII
 * character and two for anything else (Hangul, CJK, symbols). A short message (SMS) holds {@value
 * #SMS_BYTES} bytes; a longer one goes as a long message (LMS, up to {@value #LMS_BYTES}), which
 * costs about three times as much.
 */
public final class TextLength {
  public static final int SMS_BYTES = 90;
  public static final int LMS_BYTES = 2000;

  private TextLength() {}

  /** The text's length in EUC-KR bytes. */
  public static int bytes(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      n += cp < 0x80 ? 1 : 2;
      i += Character.charCount(cp);
    }
    return n;
  }

  /** Whether the text fits one short message. */
  public static boolean fitsSms(String text) {
    return bytes(text) <= SMS_BYTES;
  }

  /**
   * The text cut to at most {@code maxBytes}, ending in {@code ..} when it was cut (never in the
   * middle of a character).
   */
  public static String shorten(String text, int maxBytes) {
    if (bytes(text) <= maxBytes) {
      return text;
    }
    int budget = maxBytes - 2;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int w = cp < 0x80 ? 1 : 2;
      if (used + w > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return out.toString().stripTrailing() + "..";
  }
}
