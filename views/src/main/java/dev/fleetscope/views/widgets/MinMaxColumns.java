package dev.fleetscope.views.widgets;

/**
 * A series reduced to one column per pixel: the first, last, lowest and highest value that falls
 * into each column. Drawing a vertical stroke from min to max and joining last to next first keeps
 * every spike visible however many points share a pixel, at a cost linear in the points and a
 * drawing cost linear in the width.
 */
final class MinMaxColumns {
  final int width;
  final double[] min;
  final double[] max;
  final double[] first;
  final double[] last;
  final boolean[] present;

  private MinMaxColumns(int width) {
    this.width = width;
    min = new double[width];
    max = new double[width];
    first = new double[width];
    last = new double[width];
    present = new boolean[width];
  }

  /**
   * @param times ascending epoch millis
   * @param from the time at the left edge of column 0
   * @param to the time at the right edge of the last column
   */
  static MinMaxColumns of(long[] times, double[] values, long from, long to, int width) {
    MinMaxColumns c = new MinMaxColumns(Math.max(1, width));
    if (to <= from || times.length == 0) {
      return c;
    }
    int start = lowerBound(times, from);
    double scale = c.width / (double) (to - from);
    for (int i = start; i < times.length && times[i] <= to; i++) {
      double v = values[i];
      if (Double.isNaN(v)) {
        continue;
      }
      int x = (int) Math.min(c.width - 1, Math.floor((times[i] - from) * scale));
      if (!c.present[x]) {
        c.present[x] = true;
        c.min[x] = v;
        c.max[x] = v;
        c.first[x] = v;
      } else {
        c.min[x] = Math.min(c.min[x], v);
        c.max[x] = Math.max(c.max[x], v);
      }
      c.last[x] = v;
    }
    return c;
  }

  static int lowerBound(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
