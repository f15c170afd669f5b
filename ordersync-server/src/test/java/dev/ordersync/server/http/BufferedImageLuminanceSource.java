package dev.ordersync.server.http;

import com.google.zxing.LuminanceSource;
import java.awt.image.BufferedImage;

/**
 * A picture's grey levels for ZXing's decoder (its own class of this name lives in the javase
 * module, which the server does not depend on): one byte of luminance per pixel, row by row.
 */
final class BufferedImageLuminanceSource extends LuminanceSource {
  private final byte[] luminance;

  BufferedImageLuminanceSource(BufferedImage image) {
    super(image.getWidth(), image.getHeight());
    int w = image.getWidth();
    int h = image.getHeight();
    luminance = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        luminance[y * w + x] = (byte) ((r * 299 + g * 587 + b * 114) / 1000);
      }
    }
  }

  @Override
  public byte[] getRow(int y, byte[] row) {
    int w = getWidth();
    byte[] out = row != null && row.length >= w ? row : new byte[w];
    System.arraycopy(luminance, y * w, out, 0, w);
    return out;
  }

  @Override
  public byte[] getMatrix() {
    return luminance;
  }
}
