package dev.fleetscope.services.demo;

import dev.fleetscope.services.metrics.SeriesStore;
import dev.fleetscope.services.rollout.AnalysisMetric;
import dev.fleetscope.services.rollout.CanaryTarget;
import dev.fleetscope.services.rollout.RolloutReader;
import dev.fleetscope.services.rollout.adapter.StoreCanaryMetrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's gray release: plays the Argo Rollouts controller for one Rollout, a new revision of a
 * model server stepping 10% → 25% → 50% → 100% with pauses and analysis. Each simulator step it
 * reads what the Rollout object says now (the console's patches: promote, abort, retry, pause,
 * promote --full), moves through the steps as the controller does, replaces stable pods by canary
 * pods as the weight grows, runs AnalysisRuns whose measurements come from the versions' simulated
 * metrics, and aborts (rolling traffic and pods back to stable) when one fails.
 */
final class GrayRelease implements FleetSimulator.StepHook {
  static final String TEMPLATE = "llm-canary-slo";
  static final Duration PAUSE = Duration.ofSeconds(60);
  static final Duration MEASURE_EVERY = Duration.ofSeconds(20);
  static final Duration LOOKBACK = Duration.ofSeconds(60);
  static final int MEASUREMENTS = 3;
  static final double MAX_ERROR_RATE = 0.03;
  static final int FAILURE_LIMIT = 1;
  static final String REVISION = "2";

  private final FleetSimulator simulator;
  private final SimWorkload workload;
  private final SeriesStore store;
  private final double maxTtftP95;

  // Controller state, as it would keep it in the Rollout's status.
  private String stableHash;
  private String canaryHash;
  private int stepIndex;
  private int weight;
  private String phase = "Healthy";
  private String message = "";
  private boolean aborted;
  private boolean controllerPause;
  private Instant pauseStart;
  private Run run;
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private boolean started;

  // What the Rollout object said when last read (the console writes there).
  private volatile Map<String, Object> observed = Map.of();

  GrayRelease(FleetSimulator simulator, SimWorkload workload, SeriesStore store) {
    this.simulator = simulator;
    this.workload = workload;
    this.store = store;
    this.stableHash = workload.templateHash;
    this.canaryHash = workload.templateHash;
    this.maxTtftP95 = Math.round(workload.spec.ttftSeconds() * 3.3 * 10) / 10.0;
  }

  /** The canary steps every demo Rollout declares. */
  static List<Map<String, Object>> steps() {
    Map<String, Object> analysis = Map.of("templates", List.of(Map.of("templateName", TEMPLATE)));
    return List.of(
        Map.of("setWeight", 10),
        Map.of("pause", Map.of("duration", PAUSE.toSeconds() + "s")),
        Map.of("analysis", analysis),
        Map.of("setWeight", 25),
        Map.of("pause", Map.of("duration", PAUSE.toSeconds() + "s")),
        Map.of("analysis", analysis),
        Map.of("setWeight", 50),
        Map.of("pause", Map.of()),
        Map.of("analysis", analysis));
  }

  SimWorkload workload() {
    return workload;
  }

  /** The Rollout object as read from the API server before a step. */
  void observe(Map<String, Object> object) {
    observed = object == null ? Map.of() : object;
  }

  /** Starts the release of the new revision (the spec has just changed to it). */
  synchronized void begin(String newHash) {
    canaryHash = newHash;
    workload.canaryHash = newHash;
    workload.canaryWeight = 0;
    stepIndex = 0;
    weight = 0;
    aborted = false;
    phase = "Progressing";
    message = "more replicas need to be updated";
    started = true;
  }

  @Override
  public synchronized void afterStep(Instant now, SimChanges changes) {
    if (!started) {
      return;
    }
    Map<String, Object> o = observed;
    Map<String, Object> spec = RolloutReader.map(o, "spec");
    Map<String, Object> status = RolloutReader.map(o, "status");
    if (!REVISION.equals(String.valueOf(status.get("observedGeneration")))) {
      // The status still describes the previous revision: nothing the console did applies yet.
      status = Map.of();
    }
    boolean specPaused = Boolean.TRUE.equals(spec.get("paused"));
    boolean abortAsked = Boolean.TRUE.equals(status.get("abort"));
    boolean updating = !canaryHash.equals(stableHash);

    // What the console asked for, read the way the controller reads it.
    if (updating && abortAsked && !aborted) {
      abort(now, "Rollout aborted update to revision " + REVISION, changes);
    } else if (aborted && status.containsKey("abort") && !abortAsked) {
      retry();
    }
    if (updating && !aborted && Boolean.TRUE.equals(status.get("promoteFull"))) {
      stepIndex = steps().size();
      pauseStart = null;
      endRun(now, "Terminated", "promoted fully");
    }
    if (updating && !aborted && pauseStart != null && pauseConditionsCleared(status)) {
      pauseStart = null;
      if (currentKind().equals("pause")) {
        stepIndex++;
      }
    }
    Object index = status.get("currentStepIndex");
    if (updating && !aborted && index instanceof Number n && n.intValue() > stepIndex) {
      // promote during analysis: the step index moved past it.
      endRun(now, "Terminated", "step skipped by promote");
      stepIndex = Math.min(n.intValue(), steps().size());
      controllerPause = false;
    }

    if (aborted) {
      scaleCanary(0, changes);
      phase = "Degraded";
    } else if (!updating) {
      phase = workload.readyReplicas() == workload.replicas.size() ? "Healthy" : "Progressing";
      message = "";
    } else if (specPaused) {
      phase = "Paused";
      message = "manually paused";
    } else {
      advance(now, changes);
    }
    workload.canaryWeight = weight;
    changes.workloads.add(workload);
  }

  private boolean pauseConditionsCleared(Map<String, Object> status) {
    Object p = status.get("pauseConditions");
    return status.containsKey("currentStepIndex")
        && (p == null || (p instanceof List<?> l && l.isEmpty()));
  }

  private String currentKind() {
    if (stepIndex >= steps().size()) {
      return "done";
    }
    return steps().get(stepIndex).keySet().iterator().next();
  }

  private void advance(Instant now, SimChanges changes) {
    for (int guard = 0; guard < steps().size() + 2; guard++) {
      String kind = currentKind();
      switch (kind) {
        case "setWeight" -> {
          weight = ((Number) steps().get(stepIndex).get("setWeight")).intValue();
          if (!scaleCanary(weight, changes)) {
            phase = "Progressing";
            message = "more replicas need to be updated";
            return;
          }
          stepIndex++;
        }
        case "pause" -> {
          if (pauseStart == null) {
            pauseStart = now;
          }
          Duration d = pauseDuration();
          if (d != null && !now.isBefore(pauseStart.plus(d))) {
            pauseStart = null;
            stepIndex++;
            continue;
          }
          phase = "Paused";
          message = "CanaryPauseStep";
          return;
        }
        case "analysis" -> {
          if (!measure(now, changes)) {
            return;
          }
          stepIndex++;
        }
        default -> {
          // All steps done: the canary takes all traffic, then becomes the stable version.
          weight = 100;
          if (!scaleCanary(100, changes)) {
            phase = "Progressing";
            message = "more replicas need to be updated";
            return;
          }
          stableHash = canaryHash;
          workload.canaryHash = null;
          phase = "Healthy";
          message = "";
          return;
        }
      }
    }
  }

  private Duration pauseDuration() {
    Object pause = steps().get(stepIndex).get("pause");
    Object d = pause instanceof Map<?, ?> m ? m.get("duration") : null;
    return d == null ? null : RolloutReader.duration(d);
  }

  /**
   * Moves pods between versions until the canary has {@code ceil(weight% × replicas)} (stable the
   * rest, as with dynamicStableScale); true once those canary pods are ready.
   */
  private boolean scaleCanary(int percent, SimChanges changes) {
    int total = workload.replicas.size();
    int want = (int) Math.ceil(total * percent / 100.0);
    List<SimReplica> canary = new ArrayList<>();
    List<SimReplica> stable = new ArrayList<>();
    for (SimReplica r : workload.replicas) {
      (r.templateHash.equals(canaryHash) && !canaryHash.equals(stableHash) ? canary : stable)
          .add(r);
    }
    for (int i = canary.size(); i < want && !stable.isEmpty(); i++) {
      canary.add(simulator.replace(stable.remove(stable.size() - 1), canaryHash, changes));
    }
    for (int i = canary.size(); i > want; i--) {
      stable.add(simulator.replace(canary.remove(canary.size() - 1), stableHash, changes));
    }
    return canary.stream().allMatch(r -> r.ready);
  }

  /** Runs the step's analysis; true once it succeeded. */
  private boolean measure(Instant now, SimChanges changes) {
    String name = workload.spec.deployment() + "-" + canaryHash + "-" + REVISION + "-" + stepIndex;
    if (run == null || !run.name.equals(name)) {
      run = runs.computeIfAbsent(name, n -> new Run(n, stepIndex, now));
      changes
          .objects
          .computeIfAbsent(workload.cluster, c -> new ArrayList<>())
          .add(run.object(this));
    }
    phase = "Progressing";
    message = "waiting for analysis run " + name;
    if (run.phase.equals("Running")
        && (run.last == null || !now.isBefore(run.last.plus(MEASURE_EVERY)))) {
      run.last = now;
      CanaryTarget target =
          new CanaryTarget(workload.cluster, workload.spec.namespace(), CanaryTarget.ROLLOUT_HASH);
      Map<AnalysisMetric, double[]> m =
          new StoreCanaryMetrics(c -> store)
              .samples(target, canaryHash, now.minus(LOOKBACK), now, LOOKBACK);
      run.add("error-rate", m.get(AnalysisMetric.ERROR_RATE)[0], MAX_ERROR_RATE, now);
      run.add("ttft-p95", m.get(AnalysisMetric.TTFT_P95)[0], maxTtftP95, now);
      changes
          .objects
          .computeIfAbsent(workload.cluster, c -> new ArrayList<>())
          .add(run.object(this));
    }
    if (run.phase.equals("Failed")) {
      abort(now, "Rollout aborted update to revision " + REVISION + ": " + run.message, changes);
      return false;
    }
    return run.phase.equals("Successful");
  }

  private void endRun(Instant now, String phase, String why) {
    if (run != null && run.phase.equals("Running")) {
      run.phase = phase;
      run.message = why;
    }
    run = null;
  }

  private void abort(Instant now, String why, SimChanges changes) {
    aborted = true;
    weight = 0;
    pauseStart = null;
    endRun(now, "Terminated", "rollout aborted");
    message = "RolloutAborted: " + why;
    phase = "Degraded";
    scaleCanary(0, changes);
  }

  private void retry() {
    aborted = false;
    stepIndex = 0;
    weight = 0;
    pauseStart = null;
    run = null;
    runs.clear();
    phase = "Progressing";
    message = "more replicas need to be updated";
  }

  /** The status the controller writes: what the console reads. */
  synchronized Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    int canaryPods = 0;
    int ready = 0;
    for (SimReplica r : workload.replicas) {
      if (r.templateHash.equals(canaryHash)) {
        canaryPods++;
      }
      if (r.ready) {
        ready++;
      }
    }
    s.put("observedGeneration", started ? REVISION : "1");
    s.put("replicas", workload.replicas.size());
    s.put("updatedReplicas", canaryPods);
    s.put("readyReplicas", ready);
    s.put("availableReplicas", ready);
    s.put("phase", phase);
    s.put("message", message);
    s.put("currentPodHash", canaryHash);
    s.put("stableRS", stableHash);
    s.put("currentStepIndex", Math.min(stepIndex, steps().size()));
    if (aborted) {
      s.put("abort", true);
    }
    if (controllerPause) {
      s.put("controllerPause", true);
    }
    if (pauseStart != null && !aborted) {
      s.put(
          "pauseConditions",
          List.of(Map.of("reason", "CanaryPauseStep", "startTime", pauseStart.toString())));
    }
    Map<String, Object> canary = new LinkedHashMap<>();
    if (!canaryHash.equals(stableHash)) {
      canary.put(
          "weights",
          Map.of(
              "canary", Map.of("weight", weight, "podTemplateHash", canaryHash),
              "stable", Map.of("weight", 100 - weight, "podTemplateHash", stableHash)));
    }
    if (run != null) {
      canary.put(
          "currentStepAnalysisRunStatus",
          Map.of("name", run.name, "status", run.phase, "message", run.message));
    }
    s.put("canary", canary);
    return s;
  }

  /** One AnalysisRun and its measurements. */
  private static final class Run {
    final String name;
    final int step;
    final Instant started;
    String phase = "Running";
    String message = "";
    Instant last;
    final Map<String, List<Map<String, Object>>> measurements = new LinkedHashMap<>();
    final Map<String, int[]> counts = new LinkedHashMap<>(); // successful, failed

    Run(String name, int step, Instant started) {
      this.name = name;
      this.step = step;
      this.started = started;
      measurements.put("error-rate", new ArrayList<>());
      measurements.put("ttft-p95", new ArrayList<>());
      counts.put("error-rate", new int[2]);
      counts.put("ttft-p95", new int[2]);
    }

    void add(String metric, double value, double max, Instant at) {
      // No traffic yet reads as 0 errors and no latency: a pass, as an absent series would not be.
      double v = Double.isNaN(value) ? 0 : value;
      boolean ok = v < max;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("phase", ok ? "Successful" : "Failed");
      m.put("value", String.format(Locale.ROOT, "[%.4f]", v));
      m.put("startedAt", at.toString());
      m.put("finishedAt", at.toString());
      measurements.get(metric).add(m);
      int[] tally = counts.get(metric);
      tally[ok ? 0 : 1]++;
      // One noisy interval (a canary serving a handful of requests) is tolerated, as an
      // AnalysisTemplate with failureLimit 1 tolerates it; a second failure fails the run.
      if (tally[1] > FAILURE_LIMIT && phase.equals("Running")) {
        phase = "Failed";
        message =
            "Metric \""
                + metric
                + "\" assessed Failed due to failed ("
                + tally[1]
                + ") > failureLimit ("
                + FAILURE_LIMIT
                + ")";
      } else if (phase.equals("Running")
          && counts.values().stream().allMatch(c -> c[0] >= MEASUREMENTS)) {
        phase = "Successful";
        message = "";
      }
    }

    GenericKubernetesResource object(GrayRelease g) {
      GenericKubernetesResource r = new GenericKubernetesResource();
      r.setApiVersion("argoproj.io/v1alpha1");
      r.setKind("AnalysisRun");
      String rollout = g.workload.spec.deployment();
      r.setMetadata(
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(g.workload.spec.namespace())
              .withLabels(
                  Map.of(
                      "rollouts-pod-template-hash",
                      g.canaryHash,
                      "rollout-type",
                      "Step",
                      "step-index",
                      Integer.toString(step)))
              .withAnnotations(
                  Map.of(
                      "rollout.argoproj.io/revision",
                      REVISION,
                      "rollout.argoproj.io/step-index",
                      Integer.toString(step)))
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withApiVersion("argoproj.io/v1alpha1")
                      .withKind("Rollout")
                      .withName(rollout)
                      .withUid("demo-" + rollout)
                      .withController(true)
                      .build())
              .build());
      String selector =
          "namespace=\""
              + g.workload.spec.namespace()
              + "\","
              + CanaryTarget.ROLLOUT_HASH
              + "=\"{{args.canary-hash}}\"";
      r.setAdditionalProperty(
          "spec",
          Map.of(
              "metrics",
              List.of(
                  metricSpec(
                      "error-rate",
                      "result[0] < " + MAX_ERROR_RATE,
                      AnalysisMetric.ERROR_RATE.promql(selector, "1m")),
                  metricSpec(
                      "ttft-p95",
                      "result[0] < " + g.maxTtftP95,
                      AnalysisMetric.TTFT_P95.promql(selector, "1m")))));
      List<Map<String, Object>> results = new ArrayList<>();
      for (Map.Entry<String, List<Map<String, Object>>> e : measurements.entrySet()) {
        int[] c = counts.get(e.getKey());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("name", e.getKey());
        res.put("phase", c[1] > 0 ? "Failed" : c[0] >= MEASUREMENTS ? "Successful" : "Running");
        res.put("count", c[0] + c[1]);
        res.put("successful", c[0]);
        res.put("failed", c[1]);
        res.put("measurements", List.copyOf(e.getValue()));
        results.add(res);
      }
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("phase", phase);
      status.put("message", message);
      status.put("startedAt", started.toString());
      status.put("metricResults", results);
      r.setAdditionalProperty("status", status);
      return r;
    }

    private static Map<String, Object> metricSpec(String name, String condition, String query) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("interval", MEASURE_EVERY.toSeconds() + "s");
      m.put("count", MEASUREMENTS);
      m.put("failureLimit", FAILURE_LIMIT);
      m.put("successCondition", condition);
      m.put("provider", Map.of("prometheus", Map.of("query", query)));
      return m;
    }
  }
}
