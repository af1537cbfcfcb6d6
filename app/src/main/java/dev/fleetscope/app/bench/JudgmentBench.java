package dev.fleetscope.app.bench;

import dev.fleetscope.services.rollout.AnalysisMetric;
import dev.fleetscope.services.rollout.judge.CanaryJudge;
import dev.fleetscope.services.rollout.judge.MetricJudgment;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The canary judgment of one metric over two samples of 10,000 points (Mann-Whitney U,
 * Hodges-Lehmann shift and its 98% interval), against the textbook baseline that counts the 10^8
 * pairs for U alone (no estimate, no interval).
 */
final class JudgmentBench {
  private JudgmentBench() {}

  static int run() {
    SplittableRandom rng = new SplittableRandom(11);
    double[] stable = new double[10_000];
    double[] canary = new double[10_000];
    for (int i = 0; i < stable.length; i++) {
      stable[i] = 0.4 * Math.exp(0.35 * rng.nextGaussian());
      canary[i] = 0.44 * Math.exp(0.35 * rng.nextGaussian());
    }
    CanaryJudge judge = CanaryJudge.defaults();
    int runs = 21;
    double[] ours = new double[runs];
    double[] naive = new double[runs];
    double sink = 0;
    for (int warm = 0; warm < 3; warm++) {
      sink += judge.judge(AnalysisMetric.TTFT_P95.metric(), stable, canary).test().u();
      sink += pairCount(stable, canary);
    }
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      MetricJudgment j = judge.judge(AnalysisMetric.TTFT_P95.metric(), stable, canary);
      ours[r] = (System.nanoTime() - t0) / 1e6;
      sink += j.test().u();
      t0 = System.nanoTime();
      sink += pairCount(stable, canary);
      naive[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ours);
    Arrays.sort(naive);
    double m = ours[runs / 2];
    double b = naive[runs / 2];
    System.out.printf(
        Locale.ROOT,
        "judgment 10k x 10k: median %.1f ms (min %.1f, max %.1f); naive pair count for U alone:"
            + " median %.1f ms (checksum %.0f)%n",
        m,
        ours[0],
        ours[runs - 1],
        b,
        sink);
    System.out.println(
        Benchmarks.result("canary-judgment-10k", m, "ms") + Benchmarks.ratio(m, b) + " vs naive U");
    return 0;
  }

  /** U by comparing every pair: what a direct implementation does. */
  private static double pairCount(double[] x, double[] y) {
    double u = 0;
    for (double b : y) {
      for (double a : x) {
        u += b > a ? 1 : b == a ? 0.5 : 0;
      }
    }
    return u;
  }
}
