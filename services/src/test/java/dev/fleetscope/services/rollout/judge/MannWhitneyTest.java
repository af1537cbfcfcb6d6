package dev.fleetscope.services.rollout.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MannWhitneyTest {

  @Test
  void completelySeparatedSmallSamplesGiveTheExtremeUAndItsExactProbability() {
    // Canary {4,5,6} above stable {1,2,3}: all 9 pairs favour the canary. Of the C(6,3) = 20
    // equally likely arrangements only one gives U = 9, so the two-sided p is 2/20.
    MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 3}, new double[] {4, 5, 6}, 0.98);
    assertEquals(9, r.u());
    assertTrue(r.exact());
    assertEquals(0.1, r.pValue(), 1e-12);
    // Differences 3,2,1,4,3,2,5,4,3: median 3.
    assertEquals(3, r.estimate());
  }

  @Test
  void tiesShareMidRanksAndUseTheNormalApproximationWithTieCorrection() {
    // Pooled: 1x 2x 2x 2y 3x 3y 4y 5y; the 2s share rank 3, the 3s rank 5.5.
    // Canary rank sum 3 + 5.5 + 7 + 8 = 23.5, so U = 23.5 - 4*5/2 = 13.5.
    // Tie term (3^3-3) + (2^3-2) = 30; var = 16/12 * (9 - 30/56) = 11.2857;
    // z = (13.5 - 8 - 0.5) / 3.3594 = 1.4884; two-sided p = 0.1367.
    MannWhitney.Result r =
        MannWhitney.test(new double[] {1, 2, 2, 3}, new double[] {2, 3, 4, 5}, 0.95);
    assertEquals(13.5, r.u());
    assertFalse(r.exact());
    assertEquals(0.1367, r.pValue(), 5e-4);
    // Differences sorted: -1 0 0 0 1 1 1 1 | 2 2 2 2 3 3 3 4: median (1 + 2) / 2.
    assertEquals(1.5, r.estimate());
  }

  @Test
  void exactIntervalTakesTheOrderedDifferencesTheUQuantilePointsAt() {
    // m = n = 5, 95%: P(U <= 2) = 0.0159 < 0.025 <= P(U <= 3) = 0.0278, so the quantile is 3 and
    // the interval runs from the 3rd to the 23rd of the 25 ordered differences.
    double[] stable = {10, 20, 30, 40, 50};
    double[] canary = {11, 23, 36, 47, 58};
    double[] diffs = new double[25];
    int k = 0;
    for (double y : canary) {
      for (double x : stable) {
        diffs[k++] = y - x;
      }
    }
    Arrays.sort(diffs);
    MannWhitney.Result r = MannWhitney.test(stable, canary, 0.95);
    assertEquals(diffs[2], r.lower());
    assertEquals(diffs[22], r.upper());
    assertEquals(diffs[12], r.estimate());
  }

  /** Published two-tailed critical values at alpha = 0.05 (reject when U is at most the value). */
  @ParameterizedTest
  @CsvSource({
    "5,5,2",
    "5,10,8",
    "6,8,8",
    "7,14,22",
    "8,8,13",
    "9,12,26",
    "10,10,23",
    "13,16,59",
    "20,20,127"
  })
  void exactDistributionReproducesPublishedCriticalValues(int m, int n, long critical) {
    assertEquals(critical, new UDistribution(m, n).criticalValue(0.05));
  }

  @Test
  void selectionOfPairwiseDifferencesMatchesAFullSort() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] x = new double[301];
    double[] y = new double[257];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round(rng.nextGaussian() * 50) / 10.0; // many ties
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.round((rng.nextGaussian() + 0.3) * 50) / 10.0;
    }
    Arrays.sort(x);
    Arrays.sort(y);
    double[] all = new double[x.length * y.length];
    int k = 0;
    for (double b : y) {
      for (double a : x) {
        all[k++] = b - a;
      }
    }
    Arrays.sort(all);
    PairwiseShifts shifts = new PairwiseShifts(x, y);
    for (long rank : new long[] {1, 2, 77, 1000, all.length / 2, all.length - 5, all.length}) {
      assertEquals(all[(int) rank - 1], shifts.kth(rank), "rank " + rank);
    }
  }

  @Test
  void largeSamplesFindAKnownShiftInsideTheInterval() {
    SplittableRandom rng = new SplittableRandom(3);
    double[] stable = new double[10_000];
    double[] canary = new double[10_000];
    for (int i = 0; i < stable.length; i++) {
      stable[i] = rng.nextGaussian();
      canary[i] = rng.nextGaussian() + 0.5;
    }
    MannWhitney.Result r = MannWhitney.test(stable, canary, 0.98);
    assertFalse(r.exact());
    assertTrue(r.lower() < 0.5 && 0.5 < r.upper(), r.lower() + " .. " + r.upper());
    assertEquals(0.5, r.estimate(), 0.05);
    assertTrue(r.pValue() < 1e-6);
  }
}
