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
    int end = lowerBound(times, to + 1);
    double scale = c.width / (double) (to - from);
    int lastColumn = c.width - 1;
    for (int i = start; i < end; i++) {
      double v = values[i];
      if (v != v) {
        continue; // NaN: no value
      }
      // times[i] >= from, so the cast truncates toward the column on the left, as floor would.
      int x = (int) ((times[i] - from) * scale);
      if (x > lastColumn) {
        x = lastColumn;
      }
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

  /**
   * Per block of {@link #BLOCK} points: its first time and its first, last, lowest and highest
   * value. Built once per series, it lets a frame that shows hundreds of points per pixel read one
   * entry per block instead of every point.
   */
  static final class Blocks {
    static final int BLOCK = 64;
    final long[] firstTime;
    final double[] min;
    final double[] max;
    final double[] first;
    final double[] last;
    final boolean[] present;

    Blocks(long[] times, double[] values) {
      int n = (times.length + BLOCK - 1) / BLOCK;
      firstTime = new long[n];
      min = new double[n];
      max = new double[n];
      first = new double[n];
      last = new double[n];
      present = new boolean[n];
      for (int b = 0; b < n; b++) {
        int from = b * BLOCK;
        int to = Math.min(times.length, from + BLOCK);
        firstTime[b] = times[from];
        for (int i = from; i < to; i++) {
          double v = values[i];
          if (v != v) {
            continue;
          }
          if (!present[b]) {
            present[b] = true;
            min[b] = v;
            max[b] = v;
            first[b] = v;
          } else {
            min[b] = Math.min(min[b], v);
            max[b] = Math.max(max[b], v);
          }
          last[b] = v;
        }
      }
    }
  }

  /**
   * As {@link #of(long[], double[], long, long, int)}, reading whole blocks where a pixel holds
   * many of them (a block is then a small fraction of a pixel, so placing it by its first time
   * moves nothing visibly); the points at the range's edges are read one by one.
   */
  static MinMaxColumns of(
      long[] times, double[] values, Blocks blocks, long from, long to, int width) {
    int start = lowerBound(times, from);
    int end = lowerBound(times, to + 1);
    if (blocks == null || (end - start) < 4L * Blocks.BLOCK * Math.max(1, width)) {
      return of(times, values, from, to, width);
    }
    MinMaxColumns c = new MinMaxColumns(Math.max(1, width));
    int firstBlock = (start + Blocks.BLOCK - 1) / Blocks.BLOCK;
    int endBlock = end / Blocks.BLOCK;
    double scale = c.width / (double) (to - from);
    int lastColumn = c.width - 1;
    c.addRange(times, values, start, firstBlock * Blocks.BLOCK, from, scale, lastColumn);
    for (int b = firstBlock; b < endBlock; b++) {
      if (!blocks.present[b]) {
        continue;
      }
      int x = (int) ((blocks.firstTime[b] - from) * scale);
      if (x > lastColumn) {
        x = lastColumn;
      }
      c.add(x, blocks.first[b], blocks.min[b], blocks.max[b], blocks.last[b]);
    }
    c.addRange(
        times, values, Math.max(start, endBlock * Blocks.BLOCK), end, from, scale, lastColumn);
    return c;
  }

  private void addRange(
      long[] times, double[] values, int from, int to, long t0, double scale, int lastColumn) {
    for (int i = from; i < to; i++) {
      double v = values[i];
      if (v != v) {
        continue;
      }
      int x = (int) ((times[i] - t0) * scale);
      add(x > lastColumn ? lastColumn : x, v, v, v, v);
    }
  }

  private void add(int x, double f, double lo, double hi, double l) {
    if (!present[x]) {
      present[x] = true;
      min[x] = lo;
      max[x] = hi;
      first[x] = f;
    } else {
      min[x] = Math.min(min[x], lo);
      max[x] = Math.max(max[x], hi);
    }
    last[x] = l;
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
