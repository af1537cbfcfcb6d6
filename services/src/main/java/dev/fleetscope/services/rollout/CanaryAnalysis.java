package dev.fleetscope.services.rollout;

import dev.fleetscope.services.rollout.judge.CanaryJudge;
import dev.fleetscope.services.rollout.judge.MetricJudgment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a Rollout's canary with its stable version: reads both versions' SLIs per interval over
 * a trailing window and judges each metric. Blocking; run it off the FX thread.
 */
public final class CanaryAnalysis {
  private final CanaryMetrics metrics;
  private final CanaryJudge judge;
  private final String versionLabel;
  private final Duration window;
  private final Duration step;
  private final double objective;

  /**
   * @param versionLabel the series label holding the pod-template hash
   * @param window how far back the comparison looks
   * @param step the interval of one sample
   * @param objective success objective for the burn rates (e.g. 0.995)
   */
  public CanaryAnalysis(
      CanaryMetrics metrics,
      CanaryJudge judge,
      String versionLabel,
      Duration window,
      Duration step,
      double objective) {
    this.metrics = metrics;
    this.judge = judge;
    this.versionLabel = versionLabel;
    this.window = window;
    this.step = step;
    this.objective = objective;
  }

  public CanaryJudge judge() {
    return judge;
  }

  public CanaryReport analyse(Rollout r, Instant now) {
    if (!r.updating()) {
      return CanaryReport.unavailable(
          r.key(), metrics.describe(), "no canary: the stable version is the desired one");
    }
    CanaryTarget target = new CanaryTarget(r.context(), r.namespace(), versionLabel);
    // Align to whole steps so refreshes within one step compare the same intervals.
    long stepMillis = step.toMillis();
    Instant to = Instant.ofEpochMilli(now.toEpochMilli() / stepMillis * stepMillis);
    Instant from = to.minus(window);
    try {
      Map<AnalysisMetric, double[]> stable =
          metrics.samples(target, r.stableHash(), from, to, step);
      Map<AnalysisMetric, double[]> canary =
          metrics.samples(target, r.canaryHash(), from, to, step);
      Map<AnalysisMetric, double[]> stableAll =
          metrics.samples(target, r.stableHash(), from, to, window);
      Map<AnalysisMetric, double[]> canaryAll =
          metrics.samples(target, r.canaryHash(), from, to, window);
      List<MetricJudgment> judgments = new ArrayList<>();
      List<CanaryReport.Figure> figures = new ArrayList<>();
      for (AnalysisMetric m : AnalysisMetric.values()) {
        judgments.add(judge.judge(m.metric(), stable.get(m), canary.get(m)));
        figures.add(new CanaryReport.Figure(m, first(stableAll.get(m)), first(canaryAll.get(m))));
      }
      double budget = 1 - objective;
      double stableErrors = first(stableAll.get(AnalysisMetric.ERROR_RATE));
      double canaryErrors = first(canaryAll.get(AnalysisMetric.ERROR_RATE));
      return new CanaryReport(
          r.key(),
          r.stableHash(),
          r.canaryHash(),
          metrics.describe(),
          from,
          to,
          step,
          figures,
          objective,
          stableErrors / budget,
          canaryErrors / budget,
          judge.score(judgments),
          null);
    } catch (Exception e) {
      return CanaryReport.unavailable(
          r.key(), metrics.describe(), "cannot read the versions' metrics: " + e.getMessage());
    }
  }

  private static double first(double[] v) {
    return v == null || v.length == 0 ? Double.NaN : v[0];
  }
}
