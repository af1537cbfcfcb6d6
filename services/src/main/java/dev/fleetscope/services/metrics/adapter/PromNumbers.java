package dev.fleetscope.services.metrics.adapter;

/**
 * Parses the numbers of a Prometheus JSON answer straight from the parser's character buffer, so a
 * range query of millions of samples allocates no strings. Values are exact: a decimal with at most
 * 15 significant digits and a power of ten up to 22 is one correctly rounded IEEE division or
 * multiplication (the classic fast path); anything else goes to {@link Double#parseDouble}.
 */
final class PromNumbers {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private PromNumbers() {}

  static double parseDouble(char[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (buf[i] == '-' || buf[i] == '+')) {
      negative = buf[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean seenDot = false;
    boolean any = false;
    for (; i < end; i++) {
      char c = buf[i];
      if (c >= '0' && c <= '9') {
        any = true;
        if (mantissa == 0 && c == '0') {
          if (seenDot) {
            scale--;
          }
          continue;
        }
        if (++digits > 15) {
          return slow(buf, off, len);
        }
        mantissa = mantissa * 10 + (c - '0');
        if (seenDot) {
          scale--;
        }
      } else if (c == '.' && !seenDot) {
        seenDot = true;
      } else if (c == 'e' || c == 'E') {
        if (!any) {
          return slow(buf, off, len);
        }
        int exp = 0;
        boolean expNegative = false;
        i++;
        if (i < end && (buf[i] == '-' || buf[i] == '+')) {
          expNegative = buf[i] == '-';
          i++;
        }
        if (i == end) {
          return slow(buf, off, len);
        }
        for (; i < end; i++) {
          char d = buf[i];
          if (d < '0' || d > '9' || exp > 1000) {
            return slow(buf, off, len);
          }
          exp = exp * 10 + (d - '0');
        }
        scale += expNegative ? -exp : exp;
        break;
      } else {
        return slow(buf, off, len);
      }
    }
    if (!any) {
      return slow(buf, off, len);
    }
    double v;
    if (mantissa == 0) {
      v = 0;
    } else if (scale == 0) {
      v = mantissa;
    } else if (scale < 0 && scale >= -22) {
      v = mantissa / POW10[-scale];
    } else if (scale > 0 && scale <= 22) {
      v = mantissa * POW10[scale];
    } else {
      return slow(buf, off, len);
    }
    return negative ? -v : v;
  }

  /**
   * A Prometheus timestamp (seconds with up to millisecond decimals, as a JSON number) in epoch
   * millis, without going through a double.
   */
  static long parseMillis(char[] buf, int off, int len) {
    long seconds = 0;
    long millis = 0;
    int fraction = -1;
    int end = off + len;
    for (int i = off; i < end; i++) {
      char c = buf[i];
      if (c >= '0' && c <= '9') {
        if (fraction < 0) {
          seconds = seconds * 10 + (c - '0');
        } else if (fraction < 3) {
          millis = millis * 10 + (c - '0');
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Math.round(slow(buf, off, len) * 1000);
      }
    }
    for (int f = Math.max(fraction, 0); f < 3; f++) {
      millis *= 10;
    }
    return seconds * 1000 + millis;
  }

  private static double slow(char[] buf, int off, int len) {
    String s = new String(buf, off, len);
    switch (s) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN" -> {
        return Double.NaN;
      }
      default -> {
        return Double.parseDouble(s);
      }
    }
  }
}
