package dev.fleetscope.probe.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOverUnsortedValues() {
    // 100..1 descending: the nearest-rank p10 of 100 values is the 10th smallest.
    long[] v = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray();
    assertThat(Percentiles.quantile(v, 0.1)).isEqualTo(10);
    assertThat(Percentiles.quantile(v, 0.5)).isEqualTo(Percentiles.of(v, v.length).median());
    assertThat(Percentiles.of(v, v.length).p99()).isEqualTo(99);
    assertThat(v[0]).as("the caller's array is left as it was").isEqualTo(100);
  }

  @Test
  void smallAndEmptySets() {
    assertThat(Percentiles.quantile(new long[] {7}, 0.1)).isEqualTo(7);
    assertThat(Percentiles.quantile(new long[0], 0.1)).isZero();
    assertThat(Percentiles.of(new long[] {5, 1, 3}, 3).median()).isEqualTo(3);
  }
}
