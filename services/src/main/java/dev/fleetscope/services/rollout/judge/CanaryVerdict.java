package dev.fleetscope.services.rollout.judge;

import java.util.List;

/**
 * The judgment of a canary over all its metrics.
 *
 * @param score 0..100: the weighted share of judged metrics that passed; 0 when a critical metric
 *     failed; NaN when nothing could be judged
 */
public record CanaryVerdict(
    List<MetricJudgment> metrics, double score, Outcome outcome, String explanation) {

  /** The score read against the thresholds. */
  public enum Outcome {
    PASS("Pass"),
    MARGINAL("Marginal"),
    FAIL("Fail"),
    NO_DATA("No data");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public CanaryVerdict {
    metrics = List.copyOf(metrics);
  }
}
