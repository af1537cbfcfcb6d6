package dev.fleetscope.probe.profile;

import java.util.Locale;

/** Byte counts for people: binary units, three significant digits. */
public final class Bytes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Bytes() {}

  public static String format(long bytes) {
    if (bytes < 0) {
      return "-" + format(-bytes);
    }
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    if (u == 0) {
      return bytes + " B";
    }
    return String.format(
        Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, UNITS[u]);
  }
}
