package dev.fleetscope.app.bench;

import dev.fleetscope.services.demo.DemoCrds;
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
import dev.fleetscope.services.rollout.adapter.Fabric8Rollouts;
import dev.fleetscope.services.rollout.adapter.PromCanaryMetrics;
import dev.fleetscope.services.rollout.judge.CanaryJudge;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rollout's detail refresh: the Rollout and its AnalysisRuns read from a fabric8 mock API server
 * (CRUD), then the analysis against a local Prometheus (Debian's, backfilled with an hour of a
 * stable and a canary version): the per-interval and whole-window range queries of both versions
 * for every metric, and the judgment. Baseline, same run: the same range queries sent one after
 * another with nothing done with the answers.
 */
final class RolloutRefreshBench {
  private static final long END = 1_795_000_000L;
  private static final String NS = "llm-serving";

  private RolloutRefreshBench() {}

  static int run() throws Exception {
    if (!LocalPrometheus.installed()) {
      System.err.println(
          "rollout-refresh needs prometheus and promtool (Debian package prometheus)");
      return 2;
    }
    Path dir = Files.createTempDirectory("fleetscope-bench-rollout");
    long start = END - 3600;
    OpenMetricsHistory h = new OpenMetricsHistory(start, END, 15);
    double[] ttft = CanaryHistory.TTFT_STEADY;
    double[] e2e = CanaryHistory.E2E_STEADY;
    double[] slowTtft = CanaryHistory.TTFT_SLOW;
    double[] slowE2e = CanaryHistory.E2E_SLOW;
    new CanaryHistory(h, start, NS)
        .version("stab1e0000", 12, 0.002, ttft, e2e, 0.020, 0.0)
        .version("s10wcanary", 3, 0.05, slowTtft, slowE2e, 0.025, 1.3);
    Path om = dir.resolve("canary.om");
    h.write(om);
    try (LocalPrometheus prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), om)) {
      PrometheusHttpClient client =
          new PrometheusHttpClient(PrometheusEndpoint.fromUrl(prometheus.url()));
      Duration window = Duration.ofMinutes(10);
      Duration step = Duration.ofSeconds(30);
      CanaryAnalysis analysis =
          new CanaryAnalysis(
              new PromCanaryMetrics(client),
              CanaryJudge.defaults(),
              CanaryTarget.ROLLOUT_HASH,
              window,
              step,
              0.995);
      Instant now = Instant.ofEpochSecond(END);
      KubernetesMockServer server =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              new HashMap<>(),
              new KubernetesCrudDispatcher(),
              false);
      server.init();
      KubernetesClient kube = server.createClient();
      Fabric8Rollouts rollouts = installRollout(kube);
      CanaryTarget target = new CanaryTarget("east", NS, CanaryTarget.ROLLOUT_HASH);
      int runs = 21;
      double[] ours = new double[runs];
      double[] raw = new double[runs];
      String verdict = "";
      for (int r = -3; r < runs; r++) {
        long t0 = System.nanoTime();
        Rollout rollout = rollouts.scan().rollouts().get(0);
        CanaryReport report = analysis.analyse(rollout, now);
        double a = (System.nanoTime() - t0) / 1e6;
        verdict = report.verdict() == null ? report.problem() : report.verdict().explanation();
        t0 = System.nanoTime();
        rawQueries(client, target, now, window, step);
        double b = (System.nanoTime() - t0) / 1e6;
        if (r >= 0) {
          ours[r] = a;
          raw[r] = b;
        }
      }
      Arrays.sort(ours);
      Arrays.sort(raw);
      double m = ours[runs / 2];
      double base = raw[runs / 2];
      System.out.printf(
          Locale.ROOT,
          "detail refresh (Rollout and AnalysisRuns read, analysis, judgment): median %.1f ms (min %.1f, max %.1f); the same %d range queries alone:"
              + " median %.1f ms; verdict: %s%n",
          m,
          ours[0],
          ours[runs - 1],
          4 * AnalysisMetric.values().length,
          base,
          verdict);
      System.out.println(
          Benchmarks.result("rollout-detail-refresh", m, "ms")
              + Benchmarks.ratio(m, base)
              + " vs the range queries alone");
      kube.close();
      server.destroy();
    }
    return 0;
  }

  private static void rawQueries(
      PrometheusHttpClient client,
      CanaryTarget target,
      Instant now,
      Duration window,
      Duration step) {
    Instant to = now;
    Instant from = to.minus(window);
    for (String version : List.of("stab1e0000", "s10wcanary")) {
      for (Duration s : List.of(step, window)) {
        long n = window.toMillis() / s.toMillis();
        for (AnalysisMetric m : AnalysisMetric.values()) {
          client.range(
              m.promql(target.selector(version), s.toSeconds() + "s"),
              from.plus(s),
              from.plus(s.multipliedBy(n)),
              s);
        }
      }
    }
  }

  /** The rollout in a fabric8 mock API server (CRUD), read back as the console reads it. */
  private static Fabric8Rollouts installRollout(KubernetesClient kube) {
    kube.apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(DemoCrds.of(Fabric8Rollouts.ROLLOUTS, true))
        .create();
    kube.apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(DemoCrds.of(Fabric8Rollouts.ANALYSIS_RUNS, true))
        .create();
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("argoproj.io/v1alpha1");
    r.setKind("Rollout");
    r.setMetadata(new ObjectMetaBuilder().withName("chat").withNamespace(NS).build());
    Map<String, Object> object = rolloutObject();
    r.setAdditionalProperty("spec", object.get("spec"));
    kube.genericKubernetesResources(Fabric8Rollouts.ROLLOUTS).inNamespace(NS).resource(r).create();
    // The status subresource takes the controller's status, as the real API server does.
    kube.genericKubernetesResources(Fabric8Rollouts.ROLLOUTS)
        .inNamespace(NS)
        .withName("chat")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", object.get("status"))));
    return new Fabric8Rollouts("east", kube, java.time.Clock.systemUTC());
  }

  private static Map<String, Object> rolloutObject() {
    return CanaryHistory.rollout(NS, "chat", "stab1e0000", "s10wcanary");
  }
}
