package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.DemoFleetSpec.ModelSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One pod of a simulated workload, with the counters its inference server would export. */
final class SimReplica {
  static final double[] TTFT_BOUNDS = {
    0.001,
    0.005,
    0.01,
    0.02,
    0.04,
    0.06,
    0.08,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    7.5,
    10.0,
    Double.POSITIVE_INFINITY
  };
  static final double[] ITL_BOUNDS = {
    0.01,
    0.025,
    0.05,
    0.075,
    0.1,
    0.15,
    0.2,
    0.3,
    0.4,
    0.5,
    0.75,
    1.0,
    2.5,
    Double.POSITIVE_INFINITY
  };
  static final double[] E2E_BOUNDS = {
    0.3,
    0.5,
    0.8,
    1.0,
    1.5,
    2.0,
    2.5,
    5.0,
    10.0,
    15.0,
    20.0,
    30.0,
    40.0,
    50.0,
    60.0,
    Double.POSITIVE_INFINITY
  };

  final SimWorkload workload;
  final String podName;
  final String cluster;
  SimNode node; // null while Pending
  final List<SimNode.SimGpu> gpus = new ArrayList<>();
  int restarts;
  String lastTerminationReason = "";
  boolean ready;
  Instant readyAt;
  Instant startedAt;

  // vLLM-style counters and gauges.
  double running;
  double waiting;
  double kvCacheUsage;
  long preemptions;
  long promptTokens;
  long generationTokens;
  long successStop;
  long successLength;
  long http2xx;
  long http4xx;
  long http5xx;
  final Histogram ttft = new Histogram(TTFT_BOUNDS);
  final Histogram interToken = new Histogram(ITL_BOUNDS);
  final Histogram e2e = new Histogram(E2E_BOUNDS);
  static final double[] ITERATION_TOKEN_BOUNDS = {
    1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, Double.POSITIVE_INFINITY
  };
  final Histogram iterationTokens = new Histogram(ITERATION_TOKEN_BOUNDS);
  final Histogram queueTime = new Histogram(E2E_BOUNDS);
  final Histogram prefillTime = new Histogram(E2E_BOUNDS);
  final Histogram decodeTime = new Histogram(E2E_BOUNDS);

  /** The pod-template hash of the version this pod runs (a canary's differs from stable's). */
  final String templateHash;

  SimReplica(SimWorkload workload, String podName) {
    this(workload, podName, workload.templateHash);
  }

  SimReplica(SimWorkload workload, String podName, String templateHash) {
    this.workload = workload;
    this.podName = podName;
    this.cluster = workload.cluster;
    this.templateHash = templateHash;
  }

  ModelSpec spec() {
    return workload.spec;
  }

  boolean scheduled() {
    return node != null;
  }

  String phase() {
    return scheduled() ? "Running" : "Pending";
  }
}
