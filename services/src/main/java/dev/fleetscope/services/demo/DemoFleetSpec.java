package dev.fleetscope.services.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo fleet is made of: clusters, GPU node pools and served models, plus the seed that
 * makes every run with the same spec identical.
 *
 * @param podEventsPerSecond extra readiness flaps across the fleet, to load watchers (0 = none)
 * @param tick simulated time per step
 */
public record DemoFleetSpec(
    long seed, List<ClusterSpec> clusters, double podEventsPerSecond, Duration tick) {

  public DemoFleetSpec {
    clusters = List.copyOf(clusters);
  }

  /**
   * A pool of identical GPU nodes.
   *
   * @param product GPU Feature Discovery product label
   * @param dcgmModelName the {@code modelName} the DCGM exporter reports
   */
  public record NodePool(
      String namePrefix,
      String product,
      String dcgmModelName,
      long gpuMemoryMiB,
      int nodes,
      int gpusPerNode) {}

  /**
   * A served model (one Deployment). gpusPerReplica 0 makes a CPU-only support workload.
   *
   * @param peakRps requests per second for the whole Deployment at the daily peak
   */
  public record ModelSpec(
      String deployment,
      String namespace,
      String servedModel,
      String image,
      String pool,
      int gpusPerReplica,
      int replicas,
      double peakRps,
      int promptTokens,
      int outputTokens,
      double ttftSeconds,
      double interTokenSeconds,
      int maxBatch,
      WorkloadKind kind) {

    public boolean servesInference() {
      return gpusPerReplica > 0;
    }

    /** The same model served by another kind of workload. */
    public ModelSpec as(WorkloadKind otherKind) {
      return new ModelSpec(
          deployment,
          namespace,
          servedModel,
          image,
          pool,
          gpusPerReplica,
          replicas,
          peakRps,
          promptTokens,
          outputTokens,
          ttftSeconds,
          interTokenSeconds,
          maxBatch,
          otherKind);
    }
  }

  /**
   * How a model's pods are managed. A LeaderWorkerSet's replicas here are pods; they form groups of
   * {@link #LWS_GROUP_SIZE} (one leader, the rest workers).
   */
  public enum WorkloadKind {
    DEPLOYMENT,
    STATEFUL_SET,
    ROLLOUT,
    LEADER_WORKER_SET
  }

  static final int LWS_GROUP_SIZE = 2;

  public record ClusterSpec(String name, List<NodePool> pools, List<ModelSpec> models) {
    public ClusterSpec {
      pools = List.copyOf(pools);
      models = List.copyOf(models);
    }
  }

  static final String VLLM_IMAGE = "vllm/vllm-openai:v0.6.6";

  /** The default demo: two clusters, H100 and L40S pools, chat, code and embedding models. */
  public static DemoFleetSpec standard(long seed) {
    NodePool h100 =
        new NodePool("gpu-h100", "NVIDIA-H100-80GB-HBM3", "NVIDIA H100 80GB HBM3", 81559, 6, 8);
    NodePool l40s = new NodePool("gpu-l40s", "NVIDIA-L40S", "NVIDIA L40S", 46068, 2, 8);
    ClusterSpec east =
        new ClusterSpec(
            "demo-us-east",
            List.of(h100),
            List.of(
                chat(
                    "llama-3-1-70b-chat",
                    "meta-llama/Llama-3.1-70B-Instruct",
                    "gpu-h100",
                    4,
                    6,
                    42),
                code("qwen2-5-coder-32b", "Qwen/Qwen2.5-Coder-32B-Instruct", "gpu-h100", 2, 4, 18)
                    .as(WorkloadKind.ROLLOUT),
                embed("bge-m3-embed", "BAAI/bge-m3", "gpu-h100", 1, 4, 120),
                kvCacheIndex()));
    ClusterSpec west =
        new ClusterSpec(
            "demo-eu-west",
            List.of(
                new NodePool(
                    "gpu-h100", h100.product(), h100.dcgmModelName(), h100.gpuMemoryMiB(), 4, 8),
                l40s),
            List.of(
                chat(
                    "llama-3-1-70b-chat",
                    "meta-llama/Llama-3.1-70B-Instruct",
                    "gpu-h100",
                    4,
                    4,
                    28),
                code("qwen2-5-coder-32b", "Qwen/Qwen2.5-Coder-32B-Instruct", "gpu-h100", 2, 3, 12),
                chat(
                        "llama-3-1-405b-fp8",
                        "meta-llama/Llama-3.1-405B-Instruct-FP8",
                        "gpu-h100",
                        8,
                        2,
                        6)
                    .as(WorkloadKind.LEADER_WORKER_SET),
                embed("bge-m3-embed", "BAAI/bge-m3", "gpu-l40s", 1, 6, 160)));
    return new DemoFleetSpec(seed, List.of(east, west), 0, Duration.ofSeconds(1));
  }

  /**
   * The large fleet for benchmarks: 500 nodes, 4,000 GPUs and 10,000 pods over ten clusters of 50
   * nodes, with 200 pod events per second across the fleet.
   */
  public static DemoFleetSpec large(long seed) {
    List<ClusterSpec> clusters = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      clusters.add(benchCluster(String.format("demo-large-%02d", c + 1), 50));
    }
    return new DemoFleetSpec(seed, clusters, 200, Duration.ofSeconds(1));
  }

  /**
   * The scale fixture for benchmarks: one cluster of 500 nodes (4,000 GPUs) and 10,000 pods, with
   * 200 pod events per second: the size at which other consoles are reported to freeze.
   */
  public static DemoFleetSpec scale(long seed) {
    return new DemoFleetSpec(
        seed, List.of(benchCluster("demo-scale", 500)), 200, Duration.ofSeconds(1));
  }

  /**
   * The batch benchmark's cluster: 200 vLLM replicas (ten chat models of 20 one-GPU replicas on 25
   * 8-GPU nodes) whose /metrics the console scrapes through the pod proxy, and Kueue with 50
   * ClusterQueues and 5,000 Workloads ({@link DemoQueues#BATCH_CLUSTER}).
   */
  public static DemoFleetSpec batch(long seed) {
    NodePool pool =
        new NodePool("gpu-h100", "NVIDIA-H100-80GB-HBM3", "NVIDIA H100 80GB HBM3", 81559, 25, 8);
    List<ModelSpec> models = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      models.add(
          chat(
              String.format("chat-%02d", i),
              "meta-llama/Llama-3.1-8B-Instruct",
              "gpu-h100",
              1,
              20,
              40));
    }
    return new DemoFleetSpec(
        seed,
        List.of(new ClusterSpec(DemoQueues.BATCH_CLUSTER, List.of(pool), models)),
        0,
        Duration.ofSeconds(1));
  }

  /**
   * A cluster of {@code nodes} 8-GPU H100 nodes with 20 pods per node: per 50 nodes, 300 GPU pods
   * (300 of 400 GPUs) in six embedding Deployments and 700 CPU pods in fourteen routers.
   */
  private static ClusterSpec benchCluster(String name, int nodes) {
    NodePool pool =
        new NodePool("gpu-h100", "NVIDIA-H100-80GB-HBM3", "NVIDIA H100 80GB HBM3", 81559, nodes, 8);
    int blocks = nodes / 50;
    List<ModelSpec> models = new ArrayList<>();
    for (int i = 0; i < 6 * blocks; i++) {
      models.add(embed("embed-" + i, "BAAI/bge-m3", "gpu-h100", 1, 50, 100));
    }
    for (int i = 0; i < 14 * blocks; i++) {
      models.add(
          new ModelSpec(
              "router-" + i,
              "llm-gateway",
              "",
              "envoyproxy/envoy:v1.31",
              "",
              0,
              50,
              0,
              0,
              0,
              0,
              0,
              0,
              WorkloadKind.DEPLOYMENT));
    }
    return new ClusterSpec(name, List.of(pool), models);
  }

  public DemoFleetSpec withPodEventsPerSecond(double rate) {
    return new DemoFleetSpec(seed, clusters, rate, tick);
  }

  /** A CPU-only StatefulSet next to the models (a prefix-cache index for the router). */
  private static ModelSpec kvCacheIndex() {
    return new ModelSpec(
        "kv-cache-index",
        "llm-gateway",
        "",
        "redis:7.4",
        "",
        0,
        3,
        0,
        0,
        0,
        0,
        0,
        0,
        WorkloadKind.STATEFUL_SET);
  }

  private static ModelSpec chat(
      String name, String model, String pool, int tp, int replicas, double peakRps) {
    return new ModelSpec(
        name,
        "llm-serving",
        model,
        VLLM_IMAGE,
        pool,
        tp,
        replicas,
        peakRps,
        900,
        320,
        0.35,
        0.028,
        256,
        WorkloadKind.DEPLOYMENT);
  }

  private static ModelSpec code(
      String name, String model, String pool, int tp, int replicas, double peakRps) {
    return new ModelSpec(
        name,
        "llm-serving",
        model,
        VLLM_IMAGE,
        pool,
        tp,
        replicas,
        peakRps,
        1800,
        220,
        0.45,
        0.022,
        128,
        WorkloadKind.DEPLOYMENT);
  }

  private static ModelSpec embed(
      String name, String model, String pool, int gpus, int replicas, double peakRps) {
    return new ModelSpec(
        name,
        "llm-embeddings",
        model,
        VLLM_IMAGE,
        pool,
        gpus,
        replicas,
        peakRps,
        380,
        1,
        0.03,
        0.0,
        512,
        WorkloadKind.DEPLOYMENT);
  }
}
