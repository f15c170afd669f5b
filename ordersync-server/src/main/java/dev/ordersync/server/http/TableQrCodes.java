package dev.ordersync.server.http;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * The QR code of one table: the guest's page of the restaurant ({@code
 * {public}/r/{restaurant}?table={label}}) drawn by ZXing's encoder, as SVG (one path of the dark
 * modules) or PNG (through javax.imageio), with the four-module quiet zone the standard asks for.
 */
final class TableQrCodes {
  /** Quiet zone around the symbol, in modules (ISO/IEC 18004). */
  static final int QUIET_ZONE = 4;

  /** Pixels per module in the PNG: a version-3 code is about 330 px, printable at 3 cm and up. */
  static final int PNG_MODULE_PIXELS = 10;

  private final String publicUrl;

  /** {@code publicUrl}: where guests reach this server, without a trailing slash. */
  TableQrCodes(URI publicUrl) {
    String u = publicUrl.toString();
    this.publicUrl = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** What the code of this table says. */
  String url(UUID restaurantId, String table) {
    return publicUrl
        + "/r/"
        + restaurantId
        + "?table="
        + URLEncoder.encode(table, StandardCharsets.UTF_8);
  }

  BitMatrix matrix(String text) {
    try {
      return new QRCodeWriter()
          .encode(
              text,
              BarcodeFormat.QR_CODE,
              0,
              0,
              Map.of(
                  EncodeHintType.MARGIN,
                  0,
                  EncodeHintType.ERROR_CORRECTION,
                  ErrorCorrectionLevel.M,
                  EncodeHintType.CHARACTER_SET,
                  "UTF-8"));
    } catch (WriterException e) {
      // A URL of a few hundred characters at most always fits a QR code (version 40 holds 2,331).
      throw new IllegalStateException("could not encode a table's QR code", e);
    }
  }

  /** The code as SVG: one {@code <path>} of unit squares on a white square, scalable to print. */
  byte[] svg(String text) {
    BitMatrix m = matrix(text);
    int size = m.getWidth() + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          path.append('M')
              .append(x + QUIET_ZONE)
              .append(' ')
              .append(y + QUIET_ZONE)
              .append("h1v1h-1z");
        }
      }
    }
    String svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
            + size
            + " "
            + size
            + "\" width=\""
            + size * PNG_MODULE_PIXELS
            + "\" height=\""
            + size * PNG_MODULE_PIXELS
            + "\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\""
            + path
            + "\"/></svg>\n";
    return svg.getBytes(StandardCharsets.UTF_8);
  }

  /** The code as a black-and-white PNG, {@value #PNG_MODULE_PIXELS} pixels per module. */
  byte[] png(String text) {
    BitMatrix m = matrix(text);
    int size = (m.getWidth() + 2 * QUIET_ZONE) * PNG_MODULE_PIXELS;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
    for (int py = 0; py < size; py++) {
      int y = py / PNG_MODULE_PIXELS - QUIET_ZONE;
      for (int px = 0; px < size; px++) {
        int x = px / PNG_MODULE_PIXELS - QUIET_ZONE;
        boolean dark = x >= 0 && y >= 0 && x < m.getWidth() && y < m.getHeight() && m.get(x, y);
        image.setRGB(px, py, dark ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
