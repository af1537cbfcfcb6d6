package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscope.services.metrics.OpenMetricsHistory;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import dev.fleetscope.services.rollout.AnalysisMetric;
import dev.fleetscope.services.rollout.CanaryAnalysis;
import dev.fleetscope.services.rollout.CanaryHistory;
import dev.fleetscope.services.rollout.CanaryReport;
import dev.fleetscope.services.rollout.CanaryTarget;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutReader;
import dev.fleetscope.services.rollout.adapter.PromCanaryMetrics;
import dev.fleetscope.services.rollout.judge.CanaryJudge;
import dev.fleetscope.services.rollout.judge.CanaryVerdict;
import dev.fleetscope.services.rollout.judge.Classification;
import dev.fleetscope.services.rollout.judge.MetricJudgment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary analysis against a real Prometheus backfilled with three versions of one workload: the
 * stable one, a canary with 5% errors, first tokens and requests twice as slow and slower decoding,
 * and a canary that behaves like stable. The per-interval SLIs come from the range queries the
 * console sends; the judgment fails the first canary on every metric and passes the second.
 */
class CanaryFromRealPrometheusTest {
  private static final long END = 1_795_000_000L;
  private static final long START = END - 3600;
  private static final String NS = "llm-serving";
  @TempDir static Path dir;
  static LocalPrometheus prometheus;

  static final double[] TTFT_STABLE = CanaryHistory.TTFT_STEADY;
  static final double[] TTFT_SLOW = CanaryHistory.TTFT_SLOW;
  static final double[] E2E_STABLE = CanaryHistory.E2E_STEADY;
  static final double[] E2E_SLOW = CanaryHistory.E2E_SLOW;

  @BeforeAll
  static void backfill() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    OpenMetricsHistory h = new OpenMetricsHistory(START, END, 15);
    new CanaryHistory(h, START, NS)
        .version("stab1e0000", 12, 0.002, TTFT_STABLE, E2E_STABLE, 0.020, 0.0)
        .version("s10wcanary", 3, 0.05, TTFT_SLOW, E2E_SLOW, 0.025, 1.3)
        .version("g00dcanary", 3, 0.002, TTFT_STABLE, E2E_STABLE, 0.020, 2.1);
    Path om = dir.resolve("canary.om");
    h.write(om);
    prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), om);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static CanaryReport analyse(String canaryHash) {
    Map<String, Object> object = CanaryHistory.rollout(NS, "chat", "stab1e0000", canaryHash);
    Rollout rollout = RolloutReader.rollout("east", object);
    CanaryAnalysis analysis =
        new CanaryAnalysis(
            new PromCanaryMetrics(
                new PrometheusHttpClient(PrometheusEndpoint.fromUrl(prometheus.url()))),
            CanaryJudge.defaults(),
            CanaryTarget.ROLLOUT_HASH,
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            0.995);
    return analysis.analyse(rollout, Instant.ofEpochSecond(END));
  }

  private static MetricJudgment judgment(CanaryVerdict v, AnalysisMetric m) {
    return v.metrics().stream()
        .filter(j -> j.metric().equals(m.metric()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSlowerErrorProneCanaryFailsOnEveryMetricWithTheValuesPrometheusHolds() {
    CanaryReport report = analyse("s10wcanary");
    assertThat(report.problem()).isNull();
    CanaryVerdict verdict = report.verdict();
    assertThat(verdict.outcome()).isEqualTo(CanaryVerdict.Outcome.FAIL);
    assertThat(verdict.score()).isZero();
    // Ten minutes at 30 s: 20 intervals per version, every one judged.
    for (MetricJudgment j : verdict.metrics()) {
      assertThat(j.stablePoints()).as(j.metric().name()).isEqualTo(20);
      assertThat(j.canaryPoints()).as(j.metric().name()).isEqualTo(20);
      assertThat(j.failed()).as(j.explanation()).isTrue();
    }
    MetricJudgment errors = judgment(verdict, AnalysisMetric.ERROR_RATE);
    assertThat(errors.classification()).isEqualTo(Classification.HIGH);
    assertThat(errors.stableMedian()).isCloseTo(0.002, within(1e-9));
    assertThat(errors.canaryMedian()).isCloseTo(0.05, within(1e-9));
    // histogram_quantile interpolates inside the bucket: stable p95 in (0.5, 1], 0.5 + 0.5 x 0.5;
    // the canary's in (1, 2.5], 1 + 1.5 x 0.5.
    MetricJudgment ttft = judgment(verdict, AnalysisMetric.TTFT_P95);
    assertThat(ttft.classification()).isEqualTo(Classification.HIGH);
    assertThat(ttft.stableMedian()).isCloseTo(0.75, within(1e-9));
    assertThat(ttft.canaryMedian()).isCloseTo(1.75, within(1e-9));
    // p50: stable in (2.5, 5] at (0.5 - 0.4) / (0.8 - 0.4) of the way; the canary in (5, 10] at
    // (0.5 - 0.4) / (0.8 - 0.4) too.
    MetricJudgment p50 = judgment(verdict, AnalysisMetric.LATENCY_P50);
    assertThat(p50.stableMedian()).isCloseTo(2.5 + 2.5 * 0.25, within(1e-9));
    assertThat(p50.canaryMedian()).isCloseTo(5 + 5 * 0.25, within(1e-9));
    MetricJudgment decode = judgment(verdict, AnalysisMetric.DECODE_SPEED);
    assertThat(decode.classification()).isEqualTo(Classification.LOW);
    assertThat(decode.stableMedian()).isCloseTo(50, within(1e-6));
    assertThat(decode.canaryMedian()).isCloseTo(40, within(1e-6));
    // Burn rates over the window against 99.5%: 0.2% errors burn 0.4x, 5% burn 10x.
    assertThat(report.stableBurn()).isCloseTo(0.4, within(1e-6));
    assertThat(report.canaryBurn()).isCloseTo(10, within(1e-6));
  }

  @Test
  void aCanaryThatBehavesLikeStablePasses() {
    CanaryVerdict verdict = analyse("g00dcanary").verdict();
    assertThat(verdict.outcome()).isEqualTo(CanaryVerdict.Outcome.PASS);
    assertThat(verdict.score()).isEqualTo(100);
    assertThat(verdict.metrics()).allMatch(j -> j.classification() == Classification.PASS);
  }
}
