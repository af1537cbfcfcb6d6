package dev.fleetscope.views.widgets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;

/** Encodes a JavaFX image as PNG (8-bit RGBA), so views can export without AWT. */
public final class Png {
  private Png() {}

  public static byte[] encode(Image image) {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    PixelReader pixels = image.getPixelReader();
    try {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
        byte[] row = new byte[1 + 4 * w];
        for (int y = 0; y < h; y++) {
          row[0] = 0; // filter: none
          for (int x = 0; x < w; x++) {
            int argb = pixels.getArgb(x, y);
            int i = 1 + 4 * x;
            row[i] = (byte) (argb >> 16);
            row[i + 1] = (byte) (argb >> 8);
            row[i + 2] = (byte) argb;
            row[i + 3] = (byte) (argb >>> 24);
          }
          z.write(row);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(out);
      d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream hd = new DataOutputStream(header);
      hd.writeInt(w);
      hd.writeInt(h);
      hd.write(new byte[] {8, 6, 0, 0, 0}); // 8 bits, RGBA, deflate, no filter, no interlace
      chunk(d, "IHDR", header.toByteArray());
      chunk(d, "IDAT", raw.toByteArray());
      chunk(d, "IEND", new byte[0]);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
