package dev.fleetscope.services.rollout.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscope.services.rollout.judge.CanaryMetric.Bad;
import dev.fleetscope.services.rollout.judge.CanaryMetric.Unit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
  private static final CanaryMetric ERRORS =
      new CanaryMetric("Error rate", Unit.PERCENT, Bad.HIGHER, true, 1);
  private static final CanaryMetric TTFT =
      new CanaryMetric("TTFT p95", Unit.SECONDS, Bad.HIGHER, false, 1);
  private static final CanaryMetric TOKENS =
      new CanaryMetric("Tokens/s", Unit.PER_SECOND, Bad.LOWER, false, 1);

  private static double[] noisy(long seed, int n, double mean, double sd) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + sd * rng.nextGaussian();
    }
    return v;
  }

  @Test
  void sameDistributionPasses() {
    MetricJudgment j =
        CanaryJudge.defaults().judge(TTFT, noisy(1, 60, 0.4, 0.05), noisy(2, 60, 0.4, 0.05));
    assertEquals(Classification.PASS, j.classification());
    assertFalse(j.failed());
    assertTrue(j.explanation().contains("no shift"), j.explanation());
  }

  @Test
  void higherLatencyOnTheCanaryIsHighAndFails() {
    MetricJudgment j =
        CanaryJudge.defaults().judge(TTFT, noisy(1, 60, 0.4, 0.05), noisy(2, 60, 0.7, 0.05));
    assertEquals(Classification.HIGH, j.classification());
    assertTrue(j.failed());
    assertTrue(j.test().lower() > j.band());
    assertEquals(0.25 * Math.abs(j.test().estimate()), j.band(), 1e-12);
    assertEquals(0.7 / 0.4, j.effectSize(), 0.05);
    assertTrue(j.explanation().startsWith("TTFT p95 is higher on the canary"), j.explanation());
  }

  @Test
  void lowerIsOnlyAFailureForMetricsWhereLowerIsWorse() {
    CanaryJudge judge = CanaryJudge.defaults();
    MetricJudgment tokens = judge.judge(TOKENS, noisy(1, 40, 900, 20), noisy(2, 40, 700, 20));
    assertEquals(Classification.LOW, tokens.classification());
    assertTrue(tokens.failed());
    MetricJudgment faster = judge.judge(TTFT, noisy(1, 40, 0.5, 0.02), noisy(2, 40, 0.3, 0.02));
    assertEquals(Classification.LOW, faster.classification());
    assertFalse(faster.failed(), "a faster canary is not a failure");
  }

  @Test
  void tooFewPointsIsNoDataAndLeftOutOfTheScore() {
    CanaryJudge judge = CanaryJudge.defaults();
    MetricJudgment none = judge.judge(TOKENS, new double[] {1, 2}, new double[] {1, 2, 3});
    assertEquals(Classification.NO_DATA, none.classification());
    MetricJudgment ok = judge.judge(TTFT, noisy(1, 30, 0.4, 0.05), noisy(2, 30, 0.4, 0.05));
    CanaryVerdict v = judge.score(List.of(none, ok));
    assertEquals(100, v.score());
    assertEquals(CanaryVerdict.Outcome.PASS, v.outcome());
  }

  @Test
  void aFailedCriticalMetricScoresZero() {
    CanaryJudge judge = CanaryJudge.defaults();
    MetricJudgment errors =
        judge.judge(ERRORS, noisy(1, 40, 0.002, 0.0005), noisy(2, 40, 0.03, 0.003));
    MetricJudgment ttft = judge.judge(TTFT, noisy(3, 40, 0.4, 0.05), noisy(4, 40, 0.4, 0.05));
    MetricJudgment tokens = judge.judge(TOKENS, noisy(5, 40, 900, 20), noisy(6, 40, 900, 20));
    CanaryVerdict v = judge.score(List.of(errors, ttft, tokens));
    assertTrue(errors.failed());
    assertEquals(0, v.score());
    assertEquals(CanaryVerdict.Outcome.FAIL, v.outcome());
    assertTrue(v.explanation().contains("Error rate is critical"), v.explanation());
  }

  @Test
  void scoreReadsAgainstConfigurableThresholds() {
    CanaryJudge strict = new CanaryJudge(0.98, 0.25, 60, 90);
    MetricJudgment bad = strict.judge(TTFT, noisy(1, 40, 0.4, 0.05), noisy(2, 40, 0.8, 0.05));
    MetricJudgment[] good = new MetricJudgment[3];
    for (int i = 0; i < 3; i++) {
      good[i] = strict.judge(TOKENS, noisy(10 + i, 40, 900, 20), noisy(20 + i, 40, 900, 20));
    }
    CanaryVerdict v = strict.score(List.of(bad, good[0], good[1], good[2]));
    assertEquals(75, v.score(), 1e-9);
    assertEquals(CanaryVerdict.Outcome.MARGINAL, v.outcome());
    CanaryVerdict lenient =
        new CanaryJudge(0.98, 0.25, 50, 70).score(List.of(bad, good[0], good[1], good[2]));
    assertEquals(CanaryVerdict.Outcome.PASS, lenient.outcome());
  }
}
