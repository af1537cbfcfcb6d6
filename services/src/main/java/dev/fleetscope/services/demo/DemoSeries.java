package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.DemoFleetSpec.ModelSpec;
import dev.fleetscope.services.metrics.SeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The demo fleet's request counters as each cluster's Prometheus would hold them: one {@link
 * SeriesStore} per cluster, with the series the demo SLOs select (HTTP requests by status, vLLM
 * successes, the time-to-first-token histogram), summed over each workload's pods.
 *
 * <p>Before the demo starts, a counter is the integral of the same traffic model the simulator
 * steps (daily curve, scenario, batching slowdown, log-normal TTFT), in 5-minute steps over 35
 * days, so 28- and 30-day SLO windows are full. From the start on, it is what the simulator's
 * replicas counted, sampled every 15 simulated seconds.
 */
final class DemoSeries {
  static final Duration HISTORY = Duration.ofDays(35);
  static final Duration HISTORY_STEP = Duration.ofMinutes(5);
  static final Duration LIVE_SAMPLE = Duration.ofSeconds(15);

  private final Map<String, SeriesStore> stores = new LinkedHashMap<>();
  private final List<WorkloadSampler> samplers = new ArrayList<>();
  private final FleetSimulator simulator;

  DemoSeries(FleetSimulator simulator, Instant start) {
    this.simulator = simulator;
    simulator
        .workloadsByCluster()
        .forEach(
            (cluster, workloads) -> {
              SeriesStore store = new SeriesStore("simulated Prometheus of " + cluster);
              stores.put(cluster, store);
              for (SimWorkload w : workloads) {
                if (w.spec.servesInference()) {
                  samplers.add(new WorkloadSampler(w, store, start));
                }
              }
            });
    simulator.onStep(this::sample);
  }

  SeriesStore store(String cluster) {
    SeriesStore s = stores.get(cluster);
    if (s == null) {
      throw new IllegalArgumentException("no demo cluster named " + cluster);
    }
    return s;
  }

  private void sample() {
    Instant now = simulator.now();
    for (WorkloadSampler r : samplers) {
      r.sample(now);
    }
  }

  /**
   * Samples one workload's pods and splits their counts by version (pod-template hash), as
   * Prometheus series summed by that label would: a pod that goes away keeps what it counted, a new
   * pod starts from zero, and a version seen for the first time (a canary) gets its own series from
   * then on.
   */
  private final class WorkloadSampler {
    private final SimWorkload workload;
    private final SeriesStore store;
    private final Instant start;
    private final Map<String, Recorder> byVersion = new LinkedHashMap<>();
    private final Map<SimReplica, double[]> last = new java.util.IdentityHashMap<>();
    private long lastSample = Long.MIN_VALUE;

    WorkloadSampler(SimWorkload workload, SeriesStore store, Instant start) {
      this.workload = workload;
      this.store = store;
      this.start = start;
      byVersion.put(workload.templateHash, new Recorder(this, workload.templateHash, true));
      sample(start);
    }

    synchronized void sample(Instant now) {
      long t = now.toEpochMilli();
      if (lastSample != Long.MIN_VALUE && t - lastSample < LIVE_SAMPLE.toMillis()) {
        return;
      }
      boolean first = lastSample == Long.MIN_VALUE;
      lastSample = t;
      Recorder any = byVersion.values().iterator().next();
      int n = any.defs.size();
      Map<String, double[]> delta = new LinkedHashMap<>();
      Map<SimReplica, double[]> seen = new java.util.IdentityHashMap<>();
      for (SimReplica r : workload.replicas) {
        double[] now1 = new double[n];
        for (SeriesDef d : any.defs) {
          now1[d.index] = d.live.applyAsDouble(r);
        }
        double[] prev = last.get(r);
        double[] add = delta.computeIfAbsent(r.templateHash, h -> new double[n]);
        if (!first) {
          for (int i = 0; i < n; i++) {
            double before = prev == null ? 0 : prev[i];
            add[i] += now1[i] >= before ? now1[i] - before : now1[i];
          }
        }
        seen.put(r, now1);
      }
      last.clear();
      last.putAll(seen);
      for (String version : delta.keySet()) {
        byVersion.computeIfAbsent(version, v -> new Recorder(this, v, false));
      }
      for (Recorder rec : byVersion.values()) {
        rec.append(t, delta.getOrDefault(rec.version, new double[n]));
      }
    }
  }

  /** The counters of one version of a workload: past from the model, present from the pods. */
  private final class Recorder {
    private final SimWorkload workload;
    private final String version;
    private final boolean withHistory;
    private final Instant start;
    private final List<SeriesDef> defs = new ArrayList<>();
    private long[] times = new long[64];
    private double[][] rows = new double[64][];
    private int size;

    Recorder(WorkloadSampler sampler, String version, boolean withHistory) {
      this.workload = sampler.workload;
      this.version = version;
      this.withHistory = withHistory;
      this.start = sampler.start;
      SeriesStore store = sampler.store;
      ModelSpec m = workload.spec;
      Map<String, String> base = new LinkedHashMap<>();
      base.put("namespace", m.namespace());
      base.put("job", m.deployment());
      base.put("service", m.deployment());
      base.put(versionLabel(m), version);
      String handler = m.outputTokens() <= 1 ? "/v1/embeddings" : "/v1/chat/completions";
      Map<String, String> http = with(base, "handler", handler, "method", "POST");
      def(
          store,
          "http_requests_total",
          with(http, "status", "2xx"),
          t -> rates(t).ok,
          r -> r.http2xx);
      def(
          store,
          "http_requests_total",
          with(http, "status", "4xx"),
          t -> rates(t).client,
          r -> r.http4xx);
      def(
          store,
          "http_requests_total",
          with(http, "status", "5xx"),
          t -> rates(t).server,
          r -> r.http5xx);
      Map<String, String> vllm = with(base, "model_name", m.servedModel(), "engine", "0");
      def(
          store,
          "vllm:request_success_total",
          with(vllm, "finished_reason", "stop"),
          t -> 0.9 * rates(t).ok,
          r -> r.successStop);
      def(
          store,
          "vllm:request_success_total",
          with(vllm, "finished_reason", "length"),
          t -> 0.1 * rates(t).ok,
          r -> r.successLength);
      double[] bounds = SimReplica.TTFT_BOUNDS;
      for (int i = 0; i < bounds.length; i++) {
        final int b = i;
        double le = bounds[i];
        String spelled = Double.isInfinite(le) ? "+Inf" : MetricsExposition.format(le);
        def(
            store,
            "vllm:time_to_first_token_seconds_bucket",
            with(vllm, "le", spelled),
            t -> rates(t).ok * ttftBelow(t, le),
            r -> r.ttft.cumulative()[b]);
      }
      def(
          store,
          "vllm:time_to_first_token_seconds_count",
          vllm,
          t -> rates(t).ok,
          r -> r.ttft.count());
      // Series the canary analysis reads; counted from the demo's start (no modelled past).
      double[] e2eBounds = SimReplica.E2E_BOUNDS;
      for (int i = 0; i < e2eBounds.length; i++) {
        final int b = i;
        double le = e2eBounds[i];
        String spelled = Double.isInfinite(le) ? "+Inf" : MetricsExposition.format(le);
        def(
            store,
            "vllm:e2e_request_latency_seconds_bucket",
            with(vllm, "le", spelled),
            null,
            r -> r.e2e.cumulative()[b]);
      }
      def(store, "vllm:e2e_request_latency_seconds_count", vllm, null, r -> r.e2e.count());
      def(store, "vllm:generation_tokens_total", vllm, null, r -> r.generationTokens);
      def(store, "vllm:time_per_output_token_seconds_sum", vllm, null, r -> r.interToken.sum());
      def(store, "vllm:time_per_output_token_seconds_count", vllm, null, r -> r.interToken.count());
    }

    private void def(
        SeriesStore store,
        String metric,
        Map<String, String> labels,
        ToDoubleFunction<Instant> perSecond,
        ToDoubleFunction<SimReplica> live) {
      // A version that appeared after the start (a canary) has no modelled past.
      ToDoubleFunction<Instant> past = withHistory && perSecond != null ? perSecond : t -> 0;
      SeriesDef d = new SeriesDef(defs.size(), past, live);
      defs.add(d);
      store.add(metric, labels, t -> value(d, t));
    }

    private record Rates(double ok, double client, double server) {}

    private Rates rates(Instant t) {
      ModelSpec m = workload.spec;
      DemoScenario.Conditions c =
          simulator.scenario().conditions(workload.cluster, m.deployment(), t);
      double rate = m.peakRps() * DailyTraffic.factor(t) * c.trafficFactor();
      double p5xx = FleetSimulator.BASE_ERROR_RATE + c.extraErrorRate();
      double p4xx = (1 - p5xx) * FleetSimulator.CLIENT_ERROR_RATE;
      return new Rates(rate * (1 - p5xx - p4xx), rate * p4xx, rate * p5xx);
    }

    /** The share of requests whose first token came within {@code le} seconds. */
    private double ttftBelow(Instant t, double le) {
      if (Double.isInfinite(le)) {
        return 1;
      }
      ModelSpec m = workload.spec;
      DemoScenario.Conditions c =
          simulator.scenario().conditions(workload.cluster, m.deployment(), t);
      double replicaRps =
          m.peakRps() * DailyTraffic.factor(t) * c.trafficFactor() / Math.max(1, m.replicas());
      double median = m.ttftSeconds() * FleetSimulator.slowdown(m, c, replicaRps);
      return dev.fleetscope.services.common.Normal.cdf(
          Math.log(le / median) / FleetSimulator.TTFT_SPREAD);
    }

    /** Adds one sample: the counts since the last one. */
    synchronized void append(long t, double[] increase) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        rows = Arrays.copyOf(rows, size * 2);
      }
      double[] row = size == 0 ? new double[increase.length] : rows[size - 1].clone();
      for (int i = 0; i < increase.length; i++) {
        row[i] += increase[i];
      }
      times[size] = t;
      rows[size] = row;
      size++;
    }

    private double value(SeriesDef d, Instant t) {
      double past = d.history(start, t);
      if (!t.isAfter(start)) {
        return past;
      }
      return past + live(d.index, t.toEpochMilli());
    }

    /** The simulator's count since the start, interpolated between samples, held after the last. */
    private synchronized double live(int index, long t) {
      int i = Arrays.binarySearch(times, 0, size, t);
      if (i >= 0) {
        return rows[i][index] - rows[0][index];
      }
      int after = -i - 1;
      if (after == 0) {
        return 0; // before this version's first pod
      }
      if (after >= size) {
        return rows[size - 1][index] - rows[0][index];
      }
      long t0 = times[after - 1];
      long t1 = times[after];
      double v0 = rows[after - 1][index];
      double v1 = rows[after][index];
      return v0 + (v1 - v0) * (t - t0) / (double) (t1 - t0) - rows[0][index];
    }
  }

  /** One series: its model rate, its live reading, and its history integrated on first use. */
  private static final class SeriesDef {
    final int index;
    final ToDoubleFunction<Instant> perSecond;
    final ToDoubleFunction<SimReplica> live;
    private volatile double[] prefix;

    SeriesDef(int index, ToDoubleFunction<Instant> perSecond, ToDoubleFunction<SimReplica> live) {
      this.index = index;
      this.perSecond = perSecond;
      this.live = live;
    }

    /** The modelled count from 35 days before the start up to {@code t} (capped at the start). */
    double history(Instant start, Instant t) {
      double[] p = prefix(start);
      long stepMillis = HISTORY_STEP.toMillis();
      long from = start.minus(HISTORY).toEpochMilli();
      double pos = (Math.min(t.toEpochMilli(), start.toEpochMilli()) - from) / (double) stepMillis;
      if (pos <= 0) {
        return 0;
      }
      int k = (int) Math.floor(pos);
      if (k >= p.length - 1) {
        return p[p.length - 1];
      }
      return p[k] + (p[k + 1] - p[k]) * (pos - k);
    }

    private double[] prefix(Instant start) {
      double[] p = prefix;
      if (p == null) {
        synchronized (this) {
          p = prefix;
          if (p == null) {
            int steps = (int) (HISTORY.toMillis() / HISTORY_STEP.toMillis());
            p = new double[steps + 1];
            Instant from = start.minus(HISTORY);
            double seconds = HISTORY_STEP.toSeconds();
            for (int k = 0; k < steps; k++) {
              Instant mid = from.plus(HISTORY_STEP.multipliedBy(k)).plus(HISTORY_STEP.dividedBy(2));
              p[k + 1] = p[k] + perSecond.applyAsDouble(mid) * seconds;
            }
            prefix = p;
          }
        }
      }
      return p;
    }
  }

  /** The label Prometheus gives a pod's template hash after the usual pod-label relabelling. */
  static String versionLabel(ModelSpec m) {
    return m.kind() == DemoFleetSpec.WorkloadKind.ROLLOUT
        ? "rollouts_pod_template_hash"
        : "pod_template_hash";
  }

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> out = new LinkedHashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }
}
