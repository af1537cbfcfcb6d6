package dev.fleetscope.services.rollout.judge;

import dev.fleetscope.services.common.Normal;
import java.util.Arrays;

/**
 * The Mann-Whitney U (Wilcoxon rank-sum) test of a canary sample against a stable one, with the
 * Hodges-Lehmann estimate of the shift between them and its confidence interval.
 *
 * <p>Small samples without ties (both under 50 points) use the exact distribution of U; otherwise
 * the normal approximation with the tie correction and a continuity correction of one half. The
 * interval is the pair of ordered pairwise differences the chosen quantile of U points at, as in
 * Hollander and Wolfe (and R's {@code wilcox.test(conf.int = TRUE)} in the exact case).
 */
public final class MannWhitney {
  static final int EXACT_BELOW = 50;

  private MannWhitney() {}

  /**
   * @param u the canary's U: pairs where the canary point is larger, ties counting one half
   * @param pValue two-sided
   * @param estimate Hodges-Lehmann shift, canary minus stable
   * @param lower lower end of the shift's confidence interval
   * @param upper upper end of the shift's confidence interval
   */
  public record Result(
      int stableSize,
      int canarySize,
      double u,
      double pValue,
      boolean exact,
      double estimate,
      double lower,
      double upper,
      double confidence) {}

  /**
   * @param stable the baseline sample (NaN points are dropped)
   * @param canary the sample under judgment (NaN points are dropped)
   * @param confidence of the interval, e.g. 0.98
   */
  public static Result test(double[] stable, double[] canary, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must lie strictly between 0 and 1");
    }
    double[] x = sortedWithoutNaN(stable);
    double[] y = sortedWithoutNaN(canary);
    int m = x.length;
    int n = y.length;
    if (m == 0 || n == 0) {
      throw new IllegalArgumentException("both samples need at least one point");
    }
    Ranks ranks = Ranks.of(x, y);
    double u = ranks.canaryRankSum - n * (n + 1) / 2.0;
    double mn = (double) m * n;
    PairwiseShifts shifts = new PairwiseShifts(x, y);
    double estimate = shifts.median();
    double alpha = 1 - confidence;
    boolean exact = m < EXACT_BELOW && n < EXACT_BELOW && ranks.tieTerm == 0;
    double p;
    long lowRank;
    if (exact) {
      UDistribution dist = new UDistribution(m, n);
      long observed = Math.round(u);
      p = Math.min(1, 2 * Math.min(dist.atMost(observed), 1 - dist.atMost(observed - 1)));
      long q = dist.quantile(alpha / 2);
      lowRank = Math.max(1, q);
    } else {
      double sigma = Math.sqrt(mn / 12 * ((m + n + 1) - ranks.tieTerm / ((m + n) * (m + n - 1.0))));
      double diff = u - mn / 2;
      if (sigma == 0) {
        p = 1;
      } else {
        double corrected = diff - Math.signum(diff) * 0.5;
        p = Math.min(1, 2 * (1 - Normal.cdf(Math.abs(corrected) / sigma)));
      }
      double z = Normal.quantile(1 - alpha / 2);
      lowRank = Math.max(1, Math.round(mn / 2 - z * sigma));
    }
    long highRank = (long) mn - lowRank + 1;
    double lower;
    double upper;
    if (lowRank >= highRank) {
      lower = shifts.kth(Math.min(lowRank, highRank));
      upper = shifts.kth(Math.max(lowRank, highRank));
    } else {
      lower = shifts.kth(lowRank);
      upper = shifts.kth(highRank);
    }
    return new Result(m, n, u, p, exact, estimate, lower, upper, confidence);
  }

  static double[] sortedWithoutNaN(double[] values) {
    double[] out = new double[values.length];
    int k = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        out[k++] = v;
      }
    }
    out = Arrays.copyOf(out, k);
    Arrays.sort(out);
    return out;
  }

  /** Mid-ranks of the pooled samples, by merging the two sorted arrays. */
  private record Ranks(double canaryRankSum, double tieTerm) {
    static Ranks of(double[] x, double[] y) {
      int i = 0;
      int j = 0;
      long position = 0;
      double canarySum = 0;
      double ties = 0;
      while (i < x.length || j < y.length) {
        double v;
        if (j >= y.length || (i < x.length && x[i] <= y[j])) {
          v = x[i];
        } else {
          v = y[j];
        }
        int fromX = 0;
        while (i < x.length && x[i] == v) {
          i++;
          fromX++;
        }
        int fromY = 0;
        while (j < y.length && y[j] == v) {
          j++;
          fromY++;
        }
        long t = fromX + fromY;
        // The tied values share the mean of positions position+1 .. position+t.
        double midRank = position + (t + 1) / 2.0;
        canarySum += fromY * midRank;
        ties += (double) t * t * t - t;
        position += t;
      }
      return new Ranks(canarySum, ties);
    }
  }
}
