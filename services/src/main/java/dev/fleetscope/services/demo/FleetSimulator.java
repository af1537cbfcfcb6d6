package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.DemoFleetSpec.ClusterSpec;
import dev.fleetscope.services.demo.DemoFleetSpec.ModelSpec;
import dev.fleetscope.services.demo.DemoFleetSpec.NodePool;
import dev.fleetscope.services.demo.SimNode.SimGpu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic model of an LLM inference fleet. Given the same spec (seed included) and start
 * instant, every step produces the same pods, restarts and metric values, so tests can compare runs
 * and a demo can be replayed. Time is simulated: the demo driver steps it in real time, tests step
 * it as fast as they like.
 *
 * <p>Thread-safety: all public methods synchronize on the simulator, so the metrics endpoint can
 * render while the driver steps.
 */
public final class FleetSimulator {
  /** A GPU replica restarts on average this often (seconds): a few restarts per hour fleet-wide. */
  static final double MEAN_SECONDS_BETWEEN_RESTARTS = 4 * 3600;

  static final double BASE_ERROR_RATE = 0.002;
  static final double CLIENT_ERROR_RATE = 0.004;
  static final double GPU_MEMORY_UTILIZATION = 0.90;
  static final long FB_RESERVED_MIB = 531;

  /** Time to first token is log-normal around the nominal value, with this sigma. */
  static final double TTFT_SPREAD = 0.35;

  private static final String HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final DemoFleetSpec spec;
  private final SplittableRandom rng;
  private final Map<String, List<SimNode>> nodesByCluster = new LinkedHashMap<>();
  private final Map<String, List<SimWorkload>> workloadsByCluster = new LinkedHashMap<>();
  private final List<SimReplica> allReplicas = new ArrayList<>();
  private final List<Runnable> stepListeners = new ArrayList<>();
  private DemoScenario scenario = DemoScenario.STEADY;
  private Instant now;
  private long steps;

  public FleetSimulator(DemoFleetSpec spec, Instant start) {
    this.spec = spec;
    this.rng = new SplittableRandom(spec.seed());
    this.now = start;
    for (ClusterSpec cluster : spec.clusters()) {
      build(cluster);
    }
  }

  private void build(ClusterSpec cluster) {
    List<SimNode> nodes = new ArrayList<>();
    for (NodePool pool : cluster.pools()) {
      for (int i = 1; i <= pool.nodes(); i++) {
        String name = String.format("%s-%03d", pool.namePrefix(), i);
        nodes.add(new SimNode(cluster.name(), name, pool, hexId(8)));
      }
    }
    nodesByCluster.put(cluster.name(), nodes);
    List<SimWorkload> workloads = new ArrayList<>();
    int cpuCursor = 0;
    boolean oomShown = false;
    for (ModelSpec model : cluster.models()) {
      SimWorkload workload = new SimWorkload(cluster.name(), model, podHash(10));
      for (int r = 0; r < model.replicas(); r++) {
        SimReplica replica = new SimReplica(workload, podName(model, workload, r));
        if (model.gpusPerReplica() > 0) {
          place(replica, nodes, model);
        } else if (!nodes.isEmpty()) {
          replica.node = nodes.get(cpuCursor++ % nodes.size());
        }
        if (replica.scheduled()) {
          replica.ready = true;
          replica.startedAt = now.minusSeconds(3600 + rng.nextInt(48 * 3600));
          replica.restarts = rng.nextInt(10) == 0 ? 1 : 0;
          if (replica.restarts > 0) {
            replica.lastTerminationReason = "Error";
          }
          if (!oomShown && model.gpusPerReplica() >= 4) {
            // Every demo cluster starts with one large-model replica that was OOMKilled once.
            replica.restarts = 1;
            replica.lastTerminationReason = "OOMKilled";
            oomShown = true;
          }
        }
        workload.replicas.add(replica);
        allReplicas.add(replica);
      }
      workloads.add(workload);
    }
    workloadsByCluster.put(cluster.name(), workloads);
    updateGpus();
  }

  /**
   * Pod names as each controller makes them: Deployments and Rollouts {@code name-hash-xxxxx},
   * StatefulSets {@code name-i}, LeaderWorkerSets {@code name-group} (leader) and {@code
   * name-group-worker}.
   */
  private String podName(ModelSpec model, SimWorkload workload, int index) {
    return switch (model.kind()) {
      case STATEFUL_SET -> model.deployment() + "-" + index;
      case LEADER_WORKER_SET -> {
        int group = index / DemoFleetSpec.LWS_GROUP_SIZE;
        int worker = index % DemoFleetSpec.LWS_GROUP_SIZE;
        yield model.deployment() + "-" + group + (worker == 0 ? "" : "-" + worker);
      }
      default -> model.deployment() + "-" + workload.templateHash + "-" + podHash(5);
    };
  }

  /** First fit: a replica's GPUs must all sit on one node of its pool. */
  private static void place(SimReplica replica, List<SimNode> nodes, ModelSpec model) {
    for (SimNode node : nodes) {
      if (!node.pool.namePrefix().equals(model.pool())
          || node.freeGpus() < model.gpusPerReplica()) {
        continue;
      }
      for (SimGpu gpu : node.gpus) {
        if (gpu.holder == null && replica.gpus.size() < model.gpusPerReplica()) {
          gpu.holder = replica;
          replica.gpus.add(gpu);
        }
      }
      replica.node = node;
      return;
    }
  }

  public synchronized void setScenario(DemoScenario scenario) {
    this.scenario = scenario;
  }

  public synchronized DemoScenario scenario() {
    return scenario;
  }

  public synchronized Instant now() {
    return now;
  }

  public DemoFleetSpec spec() {
    return spec;
  }

  public synchronized long steps() {
    return steps;
  }

  /** Advances simulated time by {@code count} ticks, discarding the change sets. */
  public synchronized void advance(int count) {
    for (int i = 0; i < count; i++) {
      step();
    }
  }

  /** Advances one tick and says which pods and workloads changed. */
  synchronized SimChanges step() {
    SimChanges changes = new SimChanges();
    Duration tick = spec.tick();
    now = now.plus(tick);
    steps++;
    double dt = tick.toMillis() / 1000.0;
    double daily = DailyTraffic.factor(now);
    for (Map.Entry<String, List<SimWorkload>> entry : workloadsByCluster.entrySet()) {
      for (SimWorkload workload : entry.getValue()) {
        DemoScenario.Conditions conditions =
            scenario.conditions(entry.getKey(), workload.spec.deployment(), now);
        TrafficSplit split = TrafficSplit.of(workload);
        for (SimReplica replica : List.copyOf(workload.replicas)) {
          stepReplica(
              replica,
              workload,
              split.conditions(replica, conditions, regression),
              daily * split.share(replica),
              split.ready(replica),
              dt,
              changes);
        }
      }
    }
    churn(dt, changes);
    updateGpus();
    for (Runnable listener : stepListeners) {
      listener.run();
    }
    for (StepHook hook : stepHooks) {
      hook.afterStep(now, changes);
    }
    return changes;
  }

  private void stepReplica(
      SimReplica replica,
      SimWorkload workload,
      DemoScenario.Conditions conditions,
      double daily,
      int readyReplicas,
      double dt,
      SimChanges changes) {
    if (!replica.scheduled()) {
      return;
    }
    if (!replica.ready && replica.readyAt != null && !now.isBefore(replica.readyAt)) {
      replica.ready = true;
      replica.readyAt = null;
      changes.pod(replica);
    }
    ModelSpec model = workload.spec;
    if (model.servesInference() && replica.ready) {
      serveTraffic(replica, model, conditions, daily, readyReplicas, dt);
    }
    if (model.servesInference() && rng.nextDouble() < dt / MEAN_SECONDS_BETWEEN_RESTARTS) {
      replica.restarts++;
      replica.lastTerminationReason = rng.nextInt(5) == 0 ? "OOMKilled" : "Error";
      replica.ready = false;
      replica.readyAt = now.plusSeconds(30 + rng.nextInt(60));
      replica.startedAt = now;
      replica.running = 0;
      replica.waiting = 0;
      replica.kvCacheUsage = 0;
      changes.pod(replica);
    }
  }

  private void serveTraffic(
      SimReplica r,
      ModelSpec model,
      DemoScenario.Conditions conditions,
      double daily,
      int readyReplicas,
      double dt) {
    double rate = model.peakRps() * daily * conditions.trafficFactor() / readyReplicas;
    double lambda = Math.max(0, rate * dt * (1 + 0.1 * rng.nextGaussian()));
    long n = poisson(lambda);
    long n5xx = binomial(n, BASE_ERROR_RATE + conditions.extraErrorRate());
    long n4xx = binomial(n - n5xx, CLIENT_ERROR_RATE);
    long ok = n - n5xx - n4xx;
    double e2eMean = meanE2eSeconds(model);
    double slow = slowdown(model, conditions, rate);

    int samples = (int) Math.min(ok, 24);
    long generated = 0;
    for (int i = 0; i < samples; i++) {
      long weight = ok / samples + (i < ok % samples ? 1 : 0);
      double ttft = model.ttftSeconds() * slow * Math.exp(TTFT_SPREAD * rng.nextGaussian());
      int out =
          Math.max(1, (int) Math.round(model.outputTokens() * (0.4 + 1.2 * rng.nextDouble())));
      double itl =
          model.interTokenSeconds() <= 0
              ? 0
              : model.interTokenSeconds() * slow * Math.exp(0.2 * rng.nextGaussian());
      r.ttft.observe(ttft, weight);
      if (out > 1 && itl > 0) {
        r.interToken.observe(itl, weight * (out - 1));
      }
      r.e2e.observe(ttft + (out - 1) * itl, weight);
      generated += (long) out * weight;
    }
    long stop = Math.round(ok * 0.9);
    r.successStop += stop;
    r.successLength += ok - stop;
    r.http2xx += ok;
    r.http4xx += n4xx;
    r.http5xx += n5xx;
    r.promptTokens += Math.round(n * model.promptTokens() * (0.8 + 0.4 * rng.nextDouble()));
    r.generationTokens += generated;
    double concurrency = rate * e2eMean * slow;
    r.running =
        Math.max(
            0,
            Math.min(model.maxBatch(), Math.round(concurrency * (1 + 0.05 * rng.nextGaussian()))));
    r.waiting = Math.max(0, Math.round(concurrency - model.maxBatch()));
    r.kvCacheUsage =
        clamp(0.05 + 0.9 * r.running / model.maxBatch() + 0.02 * rng.nextGaussian(), 0, 1);
    if (r.kvCacheUsage > 0.92) {
      r.preemptions += poisson((r.kvCacheUsage - 0.92) * 50 * dt);
    }
    observeBatching(r, model, slow, rate, dt, ok, n, generated);
  }

  /**
   * The engine's per-step and per-request timings: one iteration per inter-token interval with the
   * running requests' decode tokens plus this step's prefill share; time in the queue by Little's
   * law from the waiting requests and the arrival rate; prefill and decode from the model's nominal
   * latencies and the slowdown.
   */
  private void observeBatching(
      SimReplica r,
      ModelSpec model,
      double slow,
      double rate,
      double dt,
      long ok,
      long n,
      long generated) {
    if (r.running <= 0 || n <= 0) {
      return;
    }
    double itl = Math.max(model.interTokenSeconds() * slow, 0.01);
    long iterations = Math.max(1, Math.round(dt / itl));
    double promptTokens = n * (double) model.promptTokens();
    double perIteration = r.running + promptTokens / iterations;
    r.iterationTokens.observe(perIteration, iterations);
    double queue = r.waiting / Math.max(rate, 0.01);
    r.queueTime.observe(queue * (1 + 0.1 * rng.nextGaussian()), ok);
    r.prefillTime.observe(model.ttftSeconds() * slow * 0.8, ok);
    double decode = ok > 0 ? Math.max(0, generated / (double) ok - 1) * itl : 0;
    r.decodeTime.observe(decode, ok);
  }

  static double meanE2eSeconds(ModelSpec model) {
    return model.ttftSeconds() + model.outputTokens() * model.interTokenSeconds();
  }

  /**
   * How much slower than its nominal latency a replica serves at this request rate: batches fill
   * past 70% of the maximum and every request waits longer, on top of the scenario's factor.
   */
  static double slowdown(ModelSpec model, DemoScenario.Conditions conditions, double replicaRps) {
    double load = replicaRps * meanE2eSeconds(model) / model.maxBatch();
    return conditions.latencyFactor() * (1 + 0.6 * Math.max(0, load - 0.7));
  }

  /** A simulated controller that acts after each step (the gray release's Rollouts controller). */
  interface StepHook {
    void afterStep(Instant now, SimChanges changes);
  }

  private final List<StepHook> stepHooks = new ArrayList<>();
  private volatile boolean regression;

  synchronized void addStepHook(StepHook hook) {
    stepHooks.add(hook);
  }

  /** Injects (or removes) a regression on canary pods: more 5xx and slower first tokens. */
  public void setCanaryRegression(boolean on) {
    regression = on;
  }

  public boolean canaryRegression() {
    return regression;
  }

  /**
   * Replaces a pod by one of another version on the same node and GPUs, as a ReplicaSet scale-down
   * and scale-up would: the new pod starts not ready and counts from zero.
   */
  synchronized SimReplica replace(SimReplica old, String templateHash, SimChanges changes) {
    SimWorkload w = old.workload;
    String name = w.spec.deployment() + "-" + templateHash + "-" + podHash(5);
    SimReplica fresh = new SimReplica(w, name, templateHash);
    fresh.node = old.node;
    for (SimNode.SimGpu gpu : old.gpus) {
      gpu.holder = fresh;
      fresh.gpus.add(gpu);
    }
    old.gpus.clear();
    fresh.ready = false;
    fresh.startedAt = now;
    fresh.readyAt = now.plusSeconds(15 + rng.nextInt(10));
    int at = w.replicas.indexOf(old);
    w.replicas.set(at, fresh);
    allReplicas.set(allReplicas.indexOf(old), fresh);
    changes.removed.add(old);
    changes.created.add(fresh);
    changes.workloads.add(w);
    return fresh;
  }

  /** A fresh pod-template hash, for a new revision. */
  synchronized String newTemplateHash() {
    return podHash(10);
  }

  /** The workloads of one cluster (for the demo's simulated controllers). */
  synchronized List<SimWorkload> workloads(String cluster) {
    return workloadsByCluster.getOrDefault(cluster, List.of());
  }

  /** Runs after every step, under the simulator's lock (the demo's metric history records). */
  synchronized void onStep(Runnable listener) {
    stepListeners.add(listener);
  }

  /** Extra readiness flaps that load watchers with pod events (for the large-fleet benchmark). */
  private void churn(double dt, SimChanges changes) {
    if (spec.podEventsPerSecond() <= 0 || allReplicas.isEmpty()) {
      return;
    }
    // Each flap is two pod events: not ready now, ready again one to three ticks later.
    long flaps = poisson(spec.podEventsPerSecond() * dt / 2);
    for (long i = 0; i < flaps; i++) {
      SimReplica r = allReplicas.get(rng.nextInt(allReplicas.size()));
      if (r.scheduled() && r.ready) {
        r.ready = false;
        r.readyAt = now.plusSeconds(1 + rng.nextInt(3));
        changes.pod(r);
      }
    }
  }

  /**
   * The first replica of each embedding deployment receives no traffic (left out of its Service's
   * endpoints): its GPU stays allocated, its memory filled, and does nothing. The GPU memory view
   * lists such GPUs as waste to reclaim.
   */
  static boolean stranded(SimReplica r) {
    return r.spec().deployment().startsWith("bge-m3") && r.workload.replicas.get(0) == r;
  }

  private void updateGpus() {
    for (List<SimNode> nodes : nodesByCluster.values()) {
      for (SimNode node : nodes) {
        for (SimGpu gpu : node.gpus) {
          SimReplica holder = gpu.holder;
          long total = node.pool.gpuMemoryMiB();
          if (holder == null) {
            gpu.fbUsedMiB = 1;
            gpu.utilPercent = 0;
            gpu.temperatureC = 31;
            gpu.powerWatts = 62;
          } else if (!holder.ready) {
            gpu.fbUsedMiB = 480;
            gpu.utilPercent = 0;
            gpu.temperatureC = 33;
            gpu.powerWatts = 75;
          } else {
            ModelSpec m = holder.spec();
            double e2eMean = m.ttftSeconds() + m.outputTokens() * m.interTokenSeconds();
            double load =
                Math.min(
                    1.2,
                    (holder.running + holder.waiting) / m.maxBatch() + 0.1 * (e2eMean > 0 ? 1 : 0));
            gpu.fbUsedMiB = Math.round(total * GPU_MEMORY_UTILIZATION + 40 * rng.nextGaussian());
            gpu.utilPercent =
                stranded(holder)
                    ? Math.round(clamp(1 + rng.nextGaussian(), 0, 3))
                    : Math.round(clamp(15 + 80 * load + 4 * rng.nextGaussian(), 0, 100));
            gpu.temperatureC = Math.round(36 + 0.42 * gpu.utilPercent);
            gpu.powerWatts = Math.round(90 + 5.6 * gpu.utilPercent);
          }
        }
      }
    }
  }

  /**
   * The last lines of a demo pod's log, as its server would print them: vLLM's periodic stats line
   * (one per 10 s of simulated time, values from the replica's state), or a proxy's access summary.
   * Empty when the pod is unknown or not running.
   */
  public synchronized List<String> logTail(String cluster, String pod, int lines) {
    SimReplica r = null;
    for (SimReplica candidate : allReplicas) {
      if (candidate.cluster.equals(cluster) && candidate.podName.equals(pod)) {
        r = candidate;
        break;
      }
    }
    if (r == null || !r.scheduled()) {
      return List.of();
    }
    Instant started = r.startedAt == null ? now : r.startedAt;
    long available = Math.max(1, java.time.Duration.between(started, now).getSeconds() / 10);
    int count = (int) Math.min(Math.max(1, lines), available);
    java.time.format.DateTimeFormatter format =
        java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC);
    List<String> out = new ArrayList<>(count);
    for (int i = count - 1; i >= 0; i--) {
      Instant at = now.minusSeconds(10L * i);
      // A small, repeatable wobble around the replica's current state.
      double wobble = 1 + 0.08 * Math.sin((at.getEpochSecond() / 10 + pod.hashCode()) * 0.7);
      if (r.spec().servesInference()) {
        out.add(
            String.format(
                java.util.Locale.ROOT,
                "INFO %s metrics.py:351] Avg prompt throughput: %.1f tokens/s, Avg generation"
                    + " throughput: %.1f tokens/s, Running: %d reqs, Swapped: 0 reqs, Pending: %d"
                    + " reqs, GPU KV cache usage: %.1f%%, CPU KV cache usage: 0.0%%.",
                format.format(at),
                r.running * r.spec().promptTokens() / 8.0 * wobble,
                r.running * 30.0 * wobble,
                Math.round(r.running * wobble),
                Math.round(r.waiting),
                Math.min(100, r.kvCacheUsage * 100 * wobble)));
      } else {
        out.add(
            String.format(
                java.util.Locale.ROOT,
                "[%s] upstream_rq_total=%d upstream_rq_active=%d",
                format.format(at),
                r.http2xx + r.http4xx + r.http5xx,
                Math.round(5 * wobble)));
      }
    }
    return out;
  }

  /** One serving pod's own /metrics page (vLLM's), or empty when it is not running. */
  public synchronized java.util.Optional<String> podMetricsText(String cluster, String pod) {
    for (SimReplica r : allReplicas) {
      if (r.cluster.equals(cluster) && r.podName.equals(pod)) {
        return r.scheduled() && r.spec().servesInference()
            ? java.util.Optional.of(MetricsExposition.renderPod(r))
            : java.util.Optional.empty();
      }
    }
    return java.util.Optional.empty();
  }

  public synchronized String metricsText() {
    return MetricsExposition.render(workloadsByCluster, nodesByCluster);
  }

  /** The simulator's own account of each cluster, to check what the console shows against. */
  public synchronized List<ClusterCensus> census() {
    List<ClusterCensus> out = new ArrayList<>();
    for (String cluster : nodesByCluster.keySet()) {
      List<SimNode> nodes = nodesByCluster.get(cluster);
      Map<String, int[]> byProduct = new LinkedHashMap<>();
      for (SimNode node : nodes) {
        int[] acc = byProduct.computeIfAbsent(node.pool.product(), p -> new int[2]);
        acc[0] += node.gpus.length;
        acc[1] += node.gpus.length - node.freeGpus();
      }
      int pods = 0;
      int pending = 0;
      int inference = 0;
      for (SimWorkload w : workloadsByCluster.get(cluster)) {
        pods += w.replicas.size();
        if (w.spec.servesInference()) {
          inference++;
        }
        for (SimReplica r : w.replicas) {
          if (!r.scheduled() && w.spec.gpusPerReplica() > 0) {
            pending++;
          }
        }
      }
      Map<String, Integer> capacity = new LinkedHashMap<>();
      Map<String, Integer> allocated = new LinkedHashMap<>();
      byProduct.forEach(
          (p, a) -> {
            capacity.put(p, a[0]);
            allocated.put(p, a[1]);
          });
      out.add(
          new ClusterCensus(cluster, nodes.size(), pods, inference, pending, capacity, allocated));
    }
    return out;
  }

  /** Every pod name, in creation order: part of what determinism tests compare. */
  public synchronized List<String> podNames() {
    return allReplicas.stream().map(r -> r.cluster + "/" + r.podName).toList();
  }

  synchronized Map<String, List<SimNode>> nodesByCluster() {
    return nodesByCluster;
  }

  synchronized Map<String, List<SimWorkload>> workloadsByCluster() {
    return workloadsByCluster;
  }

  private long poisson(double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 30) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
    }
    double l = Math.exp(-lambda);
    long k = 0;
    double p = 1;
    do {
      k++;
      p *= rng.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private long binomial(long n, double p) {
    if (n <= 0 || p <= 0) {
      return 0;
    }
    if (n <= 64) {
      long k = 0;
      for (long i = 0; i < n; i++) {
        if (rng.nextDouble() < p) {
          k++;
        }
      }
      return k;
    }
    double mean = n * p;
    return Math.max(
        0, Math.min(n, Math.round(mean + Math.sqrt(mean * (1 - p)) * rng.nextGaussian())));
  }

  private String podHash(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(HASH_ALPHABET.charAt(rng.nextInt(HASH_ALPHABET.length())));
    }
    return sb.toString();
  }

  private String hexId(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(Character.forDigit(rng.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
