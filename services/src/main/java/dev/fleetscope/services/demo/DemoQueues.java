package dev.fleetscope.services.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo clusters' batch queues: Kueue in both API versions (demo-us-east serves {@code v1beta2},
 * demo-eu-west {@code v1beta1}, with their different field names) and Volcano in demo-eu-west.
 * Fine-tuning and batch-inference workloads share GPU quota in a cohort; some are admitted, some
 * wait for quota, one was preempted by its cohort reclaiming GPUs. Queue statuses are counted from
 * the workloads, as Kueue's controller would.
 */
public final class DemoQueues {
  static final String FLAVOR = "h100-80gb";

  /** One queue set: the objects (as the API serves them, status included) and the API version. */
  public record Objects(
      String kueueVersion, List<Map<String, Object>> kueue, List<Map<String, Object>> volcano) {}

  private DemoQueues() {}

  /**
   * Installs the CRDs a queue set needs in a cluster and creates its objects with their status (the
   * demo's own clusters, and tests against fabric8's mock server).
   */
  public static void install(io.fabric8.kubernetes.client.KubernetesClient client, Objects queues) {
    new KubeMirror(client).addQueues(queues);
  }

  /** A Kueue workload to create: its queue, GPUs per pod and pods, and what became of it. */
  record Job(
      String namespace,
      String name,
      String localQueue,
      String clusterQueue,
      int pods,
      int gpusPerPod,
      int priority,
      String state,
      String reason,
      String message,
      Duration age) {}

  /** A ClusterQueue: its cohort and GPU quota; LocalQueues point at it from namespaces. */
  record Queue(String name, String cohort, int nominal, Integer borrowingLimit) {}

  /** The cluster of the batch benchmark fleet, which gets {@link #synthetic} queues. */
  public static final String BATCH_CLUSTER = "demo-batch";

  public static Objects of(String cluster, Instant now) {
    return switch (cluster) {
      case "demo-us-east" -> usEast(now);
      case "demo-eu-west" -> euWest(now);
      case BATCH_CLUSTER -> synthetic(50, 5_000, now);
      default -> new Objects("", List.of(), List.of());
    };
  }

  private static Objects usEast(Instant now) {
    List<Queue> queues =
        List.of(
            new Queue("fine-tuning", "ml-platform", 16, 8),
            new Queue("batch-inference", "ml-platform", 8, 0),
            new Queue("research", "ml-platform", 8, 16));
    Map<String, String> local =
        Map.of(
            "fine-tuning", "ml-training/ft-queue",
            "batch-inference", "batch-jobs/offline-eval",
            "research", "research/research-queue");
    String quota =
        "couldn't assign flavors to pod set trainer: insufficient unused quota for nvidia.com/gpu"
            + " in flavor h100-80gb, %d more needed";
    List<Job> jobs =
        List.of(
            new Job(
                "ml-training",
                "ft-llama-3-1-70b-lora",
                "ft-queue",
                "fine-tuning",
                2,
                4,
                100,
                "Admitted",
                "",
                "",
                Duration.ofHours(5)),
            new Job(
                "ml-training",
                "ft-mistral-7b-sft",
                "ft-queue",
                "fine-tuning",
                1,
                4,
                100,
                "Admitted",
                "",
                "",
                Duration.ofHours(2)),
            new Job(
                "ml-training",
                "ft-llama-3-1-70b-dpo",
                "ft-queue",
                "fine-tuning",
                2,
                4,
                100,
                "Pending",
                "Pending",
                String.format(quota, 4),
                Duration.ofMinutes(48)),
            new Job(
                "ml-training",
                "ft-qwen2-5-coder-32b-sft",
                "ft-queue",
                "fine-tuning",
                1,
                8,
                50,
                "Pending",
                "Pending",
                String.format(quota, 8),
                Duration.ofMinutes(31)),
            new Job(
                "batch-jobs",
                "eval-humaneval-nightly",
                "offline-eval",
                "batch-inference",
                1,
                2,
                10,
                "Admitted",
                "",
                "",
                Duration.ofMinutes(20)),
            new Job(
                "batch-jobs",
                "embed-support-corpus",
                "offline-eval",
                "batch-inference",
                1,
                4,
                10,
                "Admitted",
                "",
                "",
                Duration.ofMinutes(75)),
            new Job(
                "batch-jobs",
                "batch-summarise-tickets",
                "offline-eval",
                "batch-inference",
                1,
                4,
                10,
                "Pending",
                "Pending",
                "couldn't assign flavors to pod set main: insufficient unused quota for"
                    + " nvidia.com/gpu in flavor h100-80gb, 2 more needed",
                Duration.ofMinutes(12)),
            new Job(
                "research",
                "sweep-lr-warmup-17",
                "research-queue",
                "research",
                1,
                8,
                0,
                "Preempted",
                "InCohortReclamation",
                "Preempted to accommodate a workload (UID: 5e1c, JobUID: 9f02) due to reclamation"
                    + " within the cohort",
                Duration.ofMinutes(9)),
            new Job(
                "research",
                "ablation-rope-scaling",
                "research-queue",
                "research",
                1,
                4,
                0,
                "Admitted",
                "",
                "",
                Duration.ofHours(3)));
    return new Objects("v1beta2", kueue("v1beta2", queues, local, jobs, now), List.of());
  }

  private static Objects euWest(Instant now) {
    List<Queue> queues = List.of(new Queue("team-eu", "eu-pool", 8, null));
    Map<String, String> local = Map.of("team-eu", "ml-training/eu-train");
    List<Job> jobs =
        List.of(
            new Job(
                "ml-training",
                "ft-gemma-2-9b-sft",
                "eu-train",
                "team-eu",
                1,
                4,
                0,
                "Admitted",
                "",
                "",
                Duration.ofHours(1)),
            new Job(
                "ml-training",
                "ft-gemma-2-27b-sft",
                "eu-train",
                "team-eu",
                1,
                8,
                0,
                "Pending",
                "Pending",
                "couldn't assign flavors to pod set trainer: insufficient unused quota for"
                    + " nvidia.com/gpu in flavor h100-80gb, 4 more needed",
                Duration.ofMinutes(22)));
    List<Map<String, Object>> volcano = new ArrayList<>();
    volcano.add(
        obj(
            "scheduling.volcano.sh/v1beta1",
            "Queue",
            null,
            "training",
            now.minus(Duration.ofDays(9)),
            Map.of("weight", 1, "capability", Map.of("nvidia.com/gpu", "16"), "reclaimable", true),
            Map.of(
                "state",
                "Open",
                "pending",
                1,
                "inqueue",
                0,
                "running",
                1,
                "allocated",
                Map.of("nvidia.com/gpu", "8"))));
    volcano.add(
        obj(
            "scheduling.volcano.sh/v1beta1",
            "PodGroup",
            "research",
            "mpi-pretrain-350m",
            now.minus(Duration.ofHours(4)),
            Map.of(
                "queue", "training", "minMember", 2, "minResources", Map.of("nvidia.com/gpu", "8")),
            Map.of("phase", "Running", "running", 2)));
    volcano.add(
        obj(
            "scheduling.volcano.sh/v1beta1",
            "PodGroup",
            "research",
            "mpi-pretrain-1b",
            now.minus(Duration.ofMinutes(26)),
            Map.of(
                "queue",
                "training",
                "minMember",
                4,
                "minResources",
                Map.of("nvidia.com/gpu", "16")),
            Map.of(
                "phase",
                "Pending",
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Unschedulable",
                        "status",
                        "True",
                        "reason",
                        "NotEnoughResources",
                        "message",
                        "4/4 tasks in gang unschedulable: pod group is not ready, 4 Pending,"
                            + " 4 minAvailable; Pending: 4 Unschedulable",
                        "lastTransitionTime",
                        time(now.minus(Duration.ofMinutes(25))))))));
    return new Objects("v1beta1", kueue("v1beta1", queues, local, jobs, now), volcano);
  }

  /**
   * A synthetic queue set for the batch benchmark: {@code queues} ClusterQueues with a LocalQueue
   * each, and {@code workloads} workloads spread over them, a third of them pending.
   */
  public static Objects synthetic(int queues, int workloads, Instant now) {
    List<Queue> qs = new ArrayList<>();
    Map<String, String> local = new LinkedHashMap<>();
    for (int q = 0; q < queues; q++) {
      String name = String.format("team-%02d", q);
      qs.add(new Queue(name, "cohort-" + (q % 5), 64, 32));
      local.put(name, "ns-" + name + "/queue");
    }
    List<Job> jobs = new ArrayList<>();
    for (int w = 0; w < workloads; w++) {
      String cq = qs.get(w % queues).name();
      boolean pending = w % 3 == 0;
      jobs.add(
          new Job(
              "ns-" + cq,
              "job-" + w,
              "queue",
              cq,
              1,
              1 + w % 4,
              w % 7,
              pending ? "Pending" : "Admitted",
              pending ? "Pending" : "",
              pending ? "couldn't assign flavors to pod set main: insufficient unused quota" : "",
              Duration.ofMinutes(w % 600)));
    }
    return new Objects("v1beta2", kueue("v1beta2", qs, local, jobs, now), List.of());
  }

  private static List<Map<String, Object>> kueue(
      String v, List<Queue> queues, Map<String, String> local, List<Job> jobs, Instant now) {
    String api = "kueue.x-k8s.io/" + v;
    boolean beta2 = v.equals("v1beta2");
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(
        obj(
            api,
            "ResourceFlavor",
            null,
            FLAVOR,
            now.minus(Duration.ofDays(30)),
            Map.of("nodeLabels", Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")),
            null));
    for (Queue q : queues) {
      Map<String, Object> gpu = new LinkedHashMap<>();
      gpu.put("name", "nvidia.com/gpu");
      gpu.put("nominalQuota", q.nominal());
      if (q.borrowingLimit() != null) {
        gpu.put("borrowingLimit", q.borrowingLimit());
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put(beta2 ? "cohortName" : "cohort", q.cohort());
      spec.put("namespaceSelector", Map.of());
      spec.put(
          "resourceGroups",
          List.of(
              Map.of(
                  "coveredResources", List.of("nvidia.com/gpu"),
                  "flavors", List.of(Map.of("name", FLAVOR, "resources", List.of(gpu))))));
      Counts c = count(jobs, j -> j.clusterQueue().equals(q.name()));
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("pendingWorkloads", c.pending);
      status.put("reservingWorkloads", c.admitted);
      status.put("admittedWorkloads", c.admitted);
      status.put("flavorsReservation", usage(c.gpus, Math.max(0, c.gpus - q.nominal())));
      status.put("flavorsUsage", usage(c.gpus, Math.max(0, c.gpus - q.nominal())));
      status.put(
          "conditions",
          List.of(
              Map.of(
                  "type",
                  "Active",
                  "status",
                  "True",
                  "reason",
                  "Ready",
                  "message",
                  "Can admit new workloads",
                  "lastTransitionTime",
                  time(now.minus(Duration.ofDays(30))))));
      out.add(
          obj(api, "ClusterQueue", null, q.name(), now.minus(Duration.ofDays(30)), spec, status));
      String[] nsName = local.get(q.name()).split("/");
      Counts lc =
          count(jobs, j -> j.namespace().equals(nsName[0]) && j.localQueue().equals(nsName[1]));
      Map<String, Object> lstatus = new LinkedHashMap<>();
      lstatus.put("pendingWorkloads", lc.pending);
      lstatus.put("reservingWorkloads", lc.admitted);
      lstatus.put("admittedWorkloads", lc.admitted);
      lstatus.put(beta2 ? "flavorsUsage" : "flavorUsage", usage(lc.gpus, -1));
      lstatus.put("flavorsReservation", usage(lc.gpus, -1));
      out.add(
          obj(
              api,
              "LocalQueue",
              nsName[0],
              nsName[1],
              now.minus(Duration.ofDays(30)),
              Map.of("clusterQueue", q.name()),
              lstatus));
    }
    for (Job j : jobs) {
      out.add(workload(api, j, now));
    }
    return out;
  }

  private record Counts(int pending, int admitted, int gpus) {}

  private static Counts count(List<Job> jobs, java.util.function.Predicate<Job> in) {
    int pending = 0;
    int admitted = 0;
    int gpus = 0;
    for (Job j : jobs) {
      if (!in.test(j)) {
        continue;
      }
      if (j.state().equals("Admitted")) {
        admitted++;
        gpus += j.pods() * j.gpusPerPod();
      } else {
        pending++;
      }
    }
    return new Counts(pending, admitted, gpus);
  }

  private static List<Map<String, Object>> usage(int gpus, int borrowed) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", "nvidia.com/gpu");
    r.put("total", Integer.toString(gpus));
    if (borrowed >= 0) {
      r.put("borrowed", Integer.toString(borrowed));
    }
    return List.of(Map.of("name", FLAVOR, "resources", List.of(r)));
  }

  private static Map<String, Object> workload(String api, Job j, Instant now) {
    Instant created = now.minus(j.age());
    Map<String, Object> container =
        Map.of(
            "name", "main",
            "image", "ghcr.io/example/trainer:2026.11",
            "resources",
                Map.of("requests", Map.of("nvidia.com/gpu", Integer.toString(j.gpusPerPod()))));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("queueName", j.localQueue());
    spec.put("priority", j.priority());
    spec.put("active", true);
    spec.put(
        "podSets",
        List.of(
            Map.of(
                "name", "main",
                "count", j.pods(),
                "template", Map.of("spec", Map.of("containers", List.of(container))))));
    String since = time(created.plus(Duration.ofSeconds(5)));
    List<Map<String, Object>> conditions = new ArrayList<>();
    Map<String, Object> status = new LinkedHashMap<>();
    switch (j.state()) {
      case "Admitted" -> {
        conditions.add(
            cond(
                "QuotaReserved",
                "True",
                "QuotaReserved",
                "Quota reserved in ClusterQueue " + j.clusterQueue(),
                since));
        conditions.add(cond("Admitted", "True", "Admitted", "The workload is admitted", since));
        status.put(
            "admission",
            Map.of(
                "clusterQueue",
                j.clusterQueue(),
                "podSetAssignments",
                List.of(
                    Map.of(
                        "name",
                        "main",
                        "count",
                        j.pods(),
                        "flavors",
                        Map.of("nvidia.com/gpu", FLAVOR),
                        "resourceUsage",
                        Map.of("nvidia.com/gpu", Integer.toString(j.pods() * j.gpusPerPod()))))));
      }
      case "Preempted" -> {
        String at = time(now.minus(Duration.ofMinutes(4)));
        conditions.add(
            cond(
                "QuotaReserved",
                "False",
                "Pending",
                "couldn't assign flavors to pod set main: insufficient unused quota for"
                    + " nvidia.com/gpu in flavor h100-80gb, 8 more needed",
                at));
        conditions.add(
            cond("Admitted", "False", "NoReservation", "The workload has no reservation", at));
        conditions.add(cond("Evicted", "True", "Preempted", j.message(), at));
        conditions.add(cond("Preempted", "True", j.reason(), j.message(), at));
        status.put("requeueState", Map.of("count", 1));
      }
      default -> conditions.add(cond("QuotaReserved", "False", j.reason(), j.message(), since));
    }
    status.put("conditions", conditions);
    return obj(api, "Workload", j.namespace(), j.name(), created, spec, status);
  }

  /** A timestamp as an API server writes one (metav1.Time: RFC 3339, whole seconds). */
  private static String time(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static Map<String, Object> cond(
      String type, String status, String reason, String message, String at) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    c.put("reason", reason);
    c.put("message", message);
    c.put("lastTransitionTime", at);
    return c;
  }

  private static Map<String, Object> obj(
      String apiVersion,
      String kind,
      String namespace,
      String name,
      Instant created,
      Map<String, Object> spec,
      Map<String, Object> status) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    if (namespace != null) {
      meta.put("namespace", namespace);
    }
    meta.put("creationTimestamp", time(created));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.put("metadata", meta);
    o.put("spec", spec);
    if (status != null) {
      o.put("status", status);
    }
    return o;
  }
}
