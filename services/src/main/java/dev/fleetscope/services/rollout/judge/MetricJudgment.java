package dev.fleetscope.services.rollout.judge;

/**
 * The judgment of one metric.
 *
 * @param failed the classification points the metric's bad way
 * @param effectSize canary mean over stable mean (NaN when the stable mean is 0)
 * @param band half-width of the acceptance band around zero shift
 * @param explanation one or two sentences a person can act on
 */
public record MetricJudgment(
    CanaryMetric metric,
    Classification classification,
    boolean failed,
    double stableMedian,
    double canaryMedian,
    double effectSize,
    MannWhitney.Result test,
    double band,
    String explanation) {

  public int stablePoints() {
    return test == null ? 0 : test.stableSize();
  }

  public int canaryPoints() {
    return test == null ? 0 : test.canarySize();
  }
}
