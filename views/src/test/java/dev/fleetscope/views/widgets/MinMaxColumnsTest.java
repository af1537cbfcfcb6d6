package dev.fleetscope.views.widgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinMaxColumnsTest {
  static final int N = 300_000;

  @Test
  void eachColumnKeepsItsExtremesAndEnds() {
    long[] t = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    double[] v = {5, 1, 9, 4, Double.NaN, 3, 8, 2, 7, 6};
    // Two columns of 50 ms each: [0, 50) and [50, 100].
    MinMaxColumns c = MinMaxColumns.of(t, v, 0, 100, 2);
    assertThat(c.present).containsExactly(true, true);
    assertThat(c.first[0]).isEqualTo(5);
    assertThat(c.min[0]).isEqualTo(1);
    assertThat(c.max[0]).isEqualTo(9);
    assertThat(c.last[0]).isEqualTo(4); // the NaN at 40 is skipped
    assertThat(c.first[1]).isEqualTo(3);
    assertThat(c.min[1]).isEqualTo(2);
    assertThat(c.max[1]).isEqualTo(8);
    assertThat(c.last[1]).isEqualTo(6);
    // Outside the range nothing counts.
    MinMaxColumns right = MinMaxColumns.of(t, v, 55, 75, 4);
    assertThat(right.present).containsExactly(false, true, false, true);
    assertThat(right.min[1]).isEqualTo(8);
    assertThat(right.max[3]).isEqualTo(2);
  }

  @Test
  void blocksGiveTheSameColumnsAsEveryPointWithinOnePixel() {
    long[] t = new long[N];
    double[] v = new double[N];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < N; i++) {
      t[i] = 1_000 + i * 7L;
      v[i] = rnd.nextGaussian() + (i == 123_457 ? 50 : 0);
    }
    MinMaxColumns.Blocks blocks = new MinMaxColumns.Blocks(t, v);
    long from = t[1_000] + 3;
    long to = t[N - 2_000];
    int width = 400;
    MinMaxColumns exact = MinMaxColumns.of(t, v, from, to, width);
    MinMaxColumns fast = MinMaxColumns.of(t, v, blocks, from, to, width);
    int spikeExact = -1;
    int spikeFast = -1;
    double globalExact = Double.NEGATIVE_INFINITY;
    double globalFast = Double.NEGATIVE_INFINITY;
    for (int x = 0; x < width; x++) {
      assertThat(fast.present[x]).isEqualTo(exact.present[x]);
      if (exact.max[x] > globalExact) {
        globalExact = exact.max[x];
        spikeExact = x;
      }
      if (fast.max[x] > globalFast) {
        globalFast = fast.max[x];
        spikeFast = x;
      }
    }
    // The spike survives, with its exact value, at most one pixel from where every point puts it.
    assertThat(globalFast).isEqualTo(globalExact);
    assertThat(Math.abs(spikeFast - spikeExact)).isLessThanOrEqualTo(1);
    assertThat(fast.first[0]).isEqualTo(exact.first[0]);
    assertThat(fast.last[width - 1]).isEqualTo(exact.last[width - 1]);
  }
}
