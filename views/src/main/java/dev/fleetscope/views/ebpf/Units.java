package dev.fleetscope.views.ebpf;

import java.util.Locale;

/** Bucket bounds and values in the unit a script measures, written for people. */
final class Units {
  private Units() {}

  /** A value in the script's unit: microseconds become µs/ms/s, others stay counts. */
  static String value(double v, String unit) {
    if (unit.equals("us")) {
      if (v >= 1_000_000) {
        return trim(v / 1_000_000) + " s";
      }
      if (v >= 1_000) {
        return trim(v / 1_000) + " ms";
      }
      return trim(v) + " µs";
    }
    if (unit.equals("ms")) {
      return v >= 1_000 ? trim(v / 1000) + " s" : trim(v) + " ms";
    }
    return count(v);
  }

  static String count(double v) {
    if (v >= 1e9) {
      return trim(v / 1e9) + "G";
    }
    if (v >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (v >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }
}
