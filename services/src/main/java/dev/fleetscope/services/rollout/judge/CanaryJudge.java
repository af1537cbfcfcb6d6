package dev.fleetscope.services.rollout.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kayenta-style canary judgment. Each metric: a Mann-Whitney U test of canary against stable at the
 * configured confidence (98% by default); the Hodges-Lehmann shift and its interval are read
 * against an acceptance band of ± tolerance × |shift| (0.25 by default). The interval wholly above
 * the band is High, wholly below is Low, otherwise Pass. The score is the weighted share of judged
 * metrics that did not fail in their bad direction, 0 when a critical one failed; it reads Pass,
 * Marginal or Fail against two thresholds.
 */
public final class CanaryJudge {
  /** Fewer points than this on either side gives No data instead of a judgment. */
  public static final int MIN_POINTS = 3;

  private final double confidence;
  private final double tolerance;
  private final double passScore;
  private final double marginalScore;

  /**
   * @param confidence of the test's interval, e.g. 0.98
   * @param tolerance band half-width as a share of the shift estimate, e.g. 0.25
   * @param marginalScore scores at or above this (and below pass) are Marginal
   * @param passScore scores at or above this pass
   */
  public CanaryJudge(double confidence, double tolerance, double marginalScore, double passScore) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must lie strictly between 0 and 1");
    }
    if (tolerance < 0) {
      throw new IllegalArgumentException("tolerance must not be negative");
    }
    if (!(marginalScore >= 0 && marginalScore <= passScore && passScore <= 100)) {
      throw new IllegalArgumentException(
          "thresholds must satisfy 0 ≤ marginal ≤ pass ≤ 100, not "
              + marginalScore
              + ", "
              + passScore);
    }
    this.confidence = confidence;
    this.tolerance = tolerance;
    this.passScore = passScore;
    this.marginalScore = marginalScore;
  }

  /** Kayenta's defaults: 98% confidence, band ± 0.25 × shift, Marginal from 75, Pass from 95. */
  public static CanaryJudge defaults() {
    return new CanaryJudge(0.98, 0.25, 75, 95);
  }

  public double confidence() {
    return confidence;
  }

  public double passScore() {
    return passScore;
  }

  public double marginalScore() {
    return marginalScore;
  }

  public MetricJudgment judge(CanaryMetric metric, double[] stable, double[] canary) {
    double[] x = MannWhitney.sortedWithoutNaN(stable);
    double[] y = MannWhitney.sortedWithoutNaN(canary);
    double stableMedian = median(x);
    double canaryMedian = median(y);
    if (x.length < MIN_POINTS || y.length < MIN_POINTS) {
      String why =
          String.format(
              Locale.ROOT,
              "%s: too few points to judge (stable %d, canary %d; at least %d each).",
              metric.name(),
              x.length,
              y.length,
              MIN_POINTS);
      return new MetricJudgment(
          metric,
          Classification.NO_DATA,
          false,
          stableMedian,
          canaryMedian,
          Double.NaN,
          null,
          0,
          why);
    }
    MannWhitney.Result test = MannWhitney.test(x, y, confidence);
    double band = tolerance * Math.abs(test.estimate());
    Classification c;
    if (test.lower() > band) {
      c = Classification.HIGH;
    } else if (test.upper() < -band) {
      c = Classification.LOW;
    } else {
      c = Classification.PASS;
    }
    double stableMean = mean(x);
    double effect = stableMean == 0 ? Double.NaN : mean(y) / stableMean;
    boolean failed = metric.bad().fails(c);
    return new MetricJudgment(
        metric,
        c,
        failed,
        stableMedian,
        canaryMedian,
        effect,
        test,
        band,
        explain(metric, c, failed, stableMedian, canaryMedian, test, band));
  }

  private String explain(
      CanaryMetric metric,
      Classification c,
      boolean failed,
      double stableMedian,
      double canaryMedian,
      MannWhitney.Result test,
      double band) {
    CanaryMetric.Unit unit = metric.unit();
    String medians =
        String.format(
            Locale.ROOT,
            "median %s on the canary vs %s on stable",
            unit.format(canaryMedian),
            unit.format(stableMedian));
    String interval =
        String.format(
            Locale.ROOT,
            "the %.0f%% interval of the shift is %s to %s",
            confidence * 100,
            unit.formatShift(test.lower()),
            unit.formatShift(test.upper()));
    String bandText =
        String.format(Locale.ROOT, "the tolerance band ±%s", unit.format(band).replace("-", ""));
    if (unit == CanaryMetric.Unit.PERCENT) {
      bandText = String.format(Locale.ROOT, "the tolerance band ±%.2f pp", band * 100);
    }
    return switch (c) {
      case HIGH ->
          String.format(
              Locale.ROOT,
              "%s is higher on the canary (%s): %s, wholly above %s. %s",
              metric.name(),
              medians,
              interval,
              bandText,
              failed ? "Fails: higher is worse." : "Counts as a pass: higher is not worse here.");
      case LOW ->
          String.format(
              Locale.ROOT,
              "%s is lower on the canary (%s): %s, wholly below %s. %s",
              metric.name(),
              medians,
              interval,
              bandText,
              failed ? "Fails: lower is worse." : "Counts as a pass: lower is not worse here.");
      case PASS ->
          String.format(
              Locale.ROOT,
              "%s shows no shift beyond %s (%s; %s).",
              metric.name(),
              bandText,
              medians,
              interval);
      case NO_DATA -> metric.name() + ": no data.";
    };
  }

  /** Scores the judged metrics and reads the score against the thresholds. */
  public CanaryVerdict score(List<MetricJudgment> judgments) {
    double total = 0;
    double passed = 0;
    List<String> failedNames = new ArrayList<>();
    String criticalFailure = null;
    for (MetricJudgment j : judgments) {
      if (j.classification() == Classification.NO_DATA) {
        continue;
      }
      total += j.metric().weight();
      if (j.failed()) {
        failedNames.add(j.metric().name());
        if (j.metric().critical() && criticalFailure == null) {
          criticalFailure = j.metric().name();
        }
      } else {
        passed += j.metric().weight();
      }
    }
    if (total == 0) {
      return new CanaryVerdict(
          judgments,
          Double.NaN,
          CanaryVerdict.Outcome.NO_DATA,
          "No metric had enough points on both versions to judge.");
    }
    double score = criticalFailure != null ? 0 : 100 * passed / total;
    CanaryVerdict.Outcome outcome =
        score >= passScore
            ? CanaryVerdict.Outcome.PASS
            : score >= marginalScore ? CanaryVerdict.Outcome.MARGINAL : CanaryVerdict.Outcome.FAIL;
    String why;
    if (criticalFailure != null) {
      why =
          String.format(
              Locale.ROOT,
              "Fail: %s is critical and failed, so the score is 0 (failed: %s).",
              criticalFailure,
              String.join(", ", failedNames));
    } else if (failedNames.isEmpty()) {
      why =
          String.format(
              Locale.ROOT,
              "%s: every judged metric stayed within its band (score %.0f; pass from %.0f).",
              outcome.label(),
              score,
              passScore);
    } else {
      why =
          String.format(
              Locale.ROOT,
              "%s: score %.0f (pass from %.0f, marginal from %.0f); failed: %s.",
              outcome.label(),
              score,
              passScore,
              marginalScore,
              String.join(", ", failedNames));
    }
    return new CanaryVerdict(judgments, score, outcome, why);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }
}
