package dev.fleetscope.services.batch.adapter;

import dev.fleetscope.services.batch.BatchJob;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.QueueScan;
import dev.fleetscope.services.batch.Scheduler;
import dev.fleetscope.services.common.KubeTime;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Reads the queues and jobs of Kueue ({@code kueue.x-k8s.io}, {@code v1beta2} where the cluster
 * serves it, else {@code v1beta1}, whose field names differ: {@code cohort}/{@code cohortName}, a
 * LocalQueue's {@code flavorUsage}/{@code flavorsUsage}) and Volcano ({@code
 * scheduling.volcano.sh/v1beta1}) from one cluster. Which are installed comes from their CRDs; a
 * user who may not read CRDs gets the versions tried in turn. A malformed object is a problem
 * naming it and does not hide the others.
 */
public final class BatchQueueReader {
  public static final String KUEUE_GROUP = "kueue.x-k8s.io";
  public static final String VOLCANO_GROUP = "scheduling.volcano.sh";
  public static final String GPU = "nvidia.com/gpu";

  private BatchQueueReader() {}

  public static ResourceDefinitionContext kueue(String version, String kind, boolean namespaced) {
    String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
    return new ResourceDefinitionContext.Builder()
        .withGroup(KUEUE_GROUP)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  public static ResourceDefinitionContext volcano(String kind, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(VOLCANO_GROUP)
        .withVersion("v1beta1")
        .withKind(kind)
        .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s")
        .withNamespaced(namespaced)
        .build();
  }

  /** Reads one request at a time on the calling thread. */
  public static QueueScan read(String cluster, KubernetesClient client) {
    return read(cluster, client, Runnable::run);
  }

  /**
   * Reads the cluster's queues and jobs, the requests on {@code requests} so they can run at once:
   * both schedulers' CRDs, then every kind of a scheduler that is installed. A Workload listing
   * (thousands of objects) then costs about one listing's time, not the sum of all of them.
   */
  public static QueueScan read(String cluster, KubernetesClient client, Executor requests) {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Map<String, Set<String>>> groups =
        CompletableFuture.supplyAsync(() -> apiGroups(client), requests);
    CompletableFuture<Lists> kueue =
        groups
            .thenApplyAsync(g -> kueueVersion(client, g, problems, cluster).orElse(""), requests)
            .thenCompose(
                v ->
                    v.isEmpty()
                        ? CompletableFuture.completedFuture(Lists.NONE)
                        : Lists.of(
                            v,
                            requests,
                            () -> list(client, kueue(v, "ClusterQueue", false), cluster, problems),
                            () -> list(client, kueue(v, "LocalQueue", true), cluster, problems),
                            () -> list(client, kueue(v, "Workload", true), cluster, problems)));
    CompletableFuture<Lists> volcano =
        groups
            .thenApplyAsync(
                g -> installed(client, g, "queues." + VOLCANO_GROUP, "v1beta1", problems, cluster),
                requests)
            .thenCompose(
                on ->
                    !on
                        ? CompletableFuture.completedFuture(Lists.NONE)
                        : Lists.of(
                            "v1beta1",
                            requests,
                            () -> list(client, volcano("Queue", false), cluster, problems),
                            () -> List.of(),
                            () -> list(client, volcano("PodGroup", true), cluster, problems)));
    Lists k = join(kueue);
    Lists v = join(volcano);
    List<BatchQueue> queues = new ArrayList<>();
    List<BatchJob> jobs = new ArrayList<>();
    for (GenericKubernetesResource cq : k.queues()) {
      guard(cluster, "ClusterQueue", cq, problems, () -> queues.add(clusterQueue(cluster, cq)));
    }
    for (GenericKubernetesResource lq : k.localQueues()) {
      guard(cluster, "LocalQueue", lq, problems, () -> queues.add(localQueue(cluster, lq)));
    }
    for (GenericKubernetesResource w : k.jobs()) {
      guard(cluster, "Workload", w, problems, () -> jobs.add(workload(cluster, w)));
    }
    for (GenericKubernetesResource q : v.queues()) {
      guard(cluster, "Queue", q, problems, () -> queues.add(volcanoQueue(cluster, q)));
    }
    for (GenericKubernetesResource pg : v.jobs()) {
      guard(cluster, "PodGroup", pg, problems, () -> jobs.add(podGroup(cluster, pg)));
    }
    return new QueueScan(cluster, k.version(), !v.version().isEmpty(), queues, jobs, problems);
  }

  /** One scheduler's listings: its version (empty: not installed), queues and jobs. */
  private record Lists(
      String version,
      List<GenericKubernetesResource> queues,
      List<GenericKubernetesResource> localQueues,
      List<GenericKubernetesResource> jobs) {
    static final Lists NONE = new Lists("", List.of(), List.of(), List.of());

    static CompletableFuture<Lists> of(
        String version,
        Executor requests,
        Supplier<List<GenericKubernetesResource>> queues,
        Supplier<List<GenericKubernetesResource>> localQueues,
        Supplier<List<GenericKubernetesResource>> jobs) {
      // The big listing (jobs) goes first, so it starts first where requests run one at a time.
      var j = CompletableFuture.supplyAsync(jobs, requests);
      var q = CompletableFuture.supplyAsync(queues, requests);
      var l = CompletableFuture.supplyAsync(localQueues, requests);
      return CompletableFuture.allOf(j, q, l)
          .thenApply(x -> new Lists(version, q.join(), l.join(), j.join()));
    }
  }

  private static Lists join(CompletableFuture<Lists> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * The API groups the server serves, each with its versions ({@code GET /apis}, the discovery
   * document kubectl reads); null when the server does not answer it (fabric8's mock server does
   * not), and the CRDs are read instead. One small document, where reading a CRD (its whole OpenAPI
   * schema, into a deep model) took 370 ms the first time in a console.
   */
  static Map<String, Set<String>> apiGroups(KubernetesClient client) {
    try {
      APIGroupList list = client.getApiGroups();
      if (list == null || list.getGroups() == null || list.getGroups().isEmpty()) {
        return null;
      }
      Map<String, Set<String>> out = new java.util.HashMap<>();
      for (APIGroup g : list.getGroups()) {
        Set<String> versions = new LinkedHashSet<>();
        if (g.getVersions() != null) {
          g.getVersions().forEach(v -> versions.add(v.getVersion()));
        }
        out.put(g.getName(), versions);
      }
      return out;
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /**
   * The versions of {@code crd} the server serves: from discovery where there is one (a CRD's kinds
   * share its group's versions: Kueue's and Volcano's each come in one CRD group), else from the
   * CRD; null when neither can be read.
   */
  private static Set<String> served(
      KubernetesClient client, Map<String, Set<String>> groups, String crd) {
    if (groups != null) {
      return groups.getOrDefault(crd.substring(crd.indexOf('.') + 1), Set.of());
    }
    return servedVersions(client, crd);
  }

  /** The Kueue version to read: v1beta2 where served, else v1beta1; empty when not installed. */
  private static Optional<String> kueueVersion(
      KubernetesClient client,
      Map<String, Set<String>> groups,
      List<String> problems,
      String cluster) {
    Set<String> served = served(client, groups, "clusterqueues." + KUEUE_GROUP);
    if (served != null) {
      if (served.contains("v1beta2")) {
        return Optional.of("v1beta2");
      }
      return served.contains("v1beta1") ? Optional.of("v1beta1") : Optional.empty();
    }
    for (String v : List.of("v1beta2", "v1beta1")) {
      try {
        client.genericKubernetesResources(kueue(v, "ClusterQueue", false)).list();
        return Optional.of(v);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          problems.add(cluster + ": cannot list Kueue ClusterQueues: " + why(e));
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static boolean installed(
      KubernetesClient client,
      Map<String, Set<String>> groups,
      String crd,
      String version,
      List<String> problems,
      String cluster) {
    Set<String> served = served(client, groups, crd);
    if (served != null) {
      return served.contains(version);
    }
    try {
      client.genericKubernetesResources(volcano("Queue", false)).list();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        problems.add(cluster + ": cannot list Volcano queues: " + why(e));
      }
      return false;
    }
  }

  /** The versions a CRD serves; empty when it is absent; null when CRDs cannot be read. */
  private static Set<String> servedVersions(KubernetesClient client, String name) {
    try {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      Set<String> out = new LinkedHashSet<>();
      if (crd != null && crd.getSpec() != null) {
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
          if (Boolean.TRUE.equals(v.getServed())) {
            out.add(v.getName());
          }
        }
      }
      return out;
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  private static List<GenericKubernetesResource> list(
      KubernetesClient client,
      ResourceDefinitionContext kind,
      String cluster,
      List<String> problems) {
    try {
      var op = client.genericKubernetesResources(kind);
      return kind.isNamespaceScoped()
          ? op.inAnyNamespace().list().getItems()
          : op.list().getItems();
    } catch (KubernetesClientException e) {
      problems.add(
          cluster + ": cannot list " + kind.getPlural() + "." + kind.getGroup() + ": " + why(e));
      return List.of();
    }
  }

  private static String why(KubernetesClientException e) {
    return e.getCode() == 403 ? "not allowed (RBAC)" : e.getMessage();
  }

  // ---- Kueue ----

  private static void guard(
      String cluster,
      String kind,
      GenericKubernetesResource r,
      List<String> problems,
      Runnable read) {
    try {
      read.run();
    } catch (RuntimeException e) {
      String ns = r.getMetadata().getNamespace();
      problems.add(
          cluster
              + ": "
              + kind
              + " "
              + (ns == null ? "" : ns + "/")
              + r.getMetadata().getName()
              + ": "
              + e.getMessage());
    }
  }

  static BatchQueue clusterQueue(String cluster, GenericKubernetesResource cq) {
    Map<String, Object> spec = map(cq.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(cq.getAdditionalProperties().get("status"));
    double nominal = 0;
    double borrowLimit = Double.NaN;
    Set<String> flavors = new LinkedHashSet<>();
    for (Object group : list(spec.get("resourceGroups"))) {
      for (Object f : list(map(group).get("flavors"))) {
        Map<String, Object> flavor = map(f);
        for (Object r : list(flavor.get("resources"))) {
          Map<String, Object> res = map(r);
          if (GPU.equals(res.get("name"))) {
            flavors.add(String.valueOf(flavor.get("name")));
            nominal += quantity(res.get("nominalQuota"), "nominalQuota");
            if (res.containsKey("borrowingLimit")) {
              double b = quantity(res.get("borrowingLimit"), "borrowingLimit");
              borrowLimit = Double.isNaN(borrowLimit) ? b : borrowLimit + b;
            }
          }
        }
      }
    }
    String cohort = text(spec.get("cohortName"));
    if (cohort.isEmpty()) {
      cohort = text(spec.get("cohort"));
    }
    double[] usage = gpuUsage(status.get("flavorsUsage"));
    double[] reserved = gpuUsage(status.get("flavorsReservation"));
    return new BatchQueue(
        cluster,
        Scheduler.KUEUE,
        "ClusterQueue",
        "",
        cq.getMetadata().getName(),
        cohort,
        queueState(spec, status),
        integer(status.get("pendingWorkloads")),
        integer(status.get("reservingWorkloads")),
        integer(status.get("admittedWorkloads")),
        usage[0],
        reserved[0],
        nominal,
        borrowLimit,
        Math.max(usage[1], reserved[1]),
        String.join(", ", flavors));
  }

  private static String queueState(Map<String, Object> spec, Map<String, Object> status) {
    String stop = text(spec.get("stopPolicy"));
    if (!stop.isEmpty() && !"None".equals(stop)) {
      return stop;
    }
    for (Object c : list(status.get("conditions"))) {
      Map<String, Object> cond = map(c);
      if ("Active".equals(cond.get("type")) && "False".equals(cond.get("status"))) {
        String reason = text(cond.get("reason"));
        return "Inactive" + (reason.isEmpty() ? "" : " (" + reason + ")");
      }
    }
    return "Active";
  }

  static BatchQueue localQueue(String cluster, GenericKubernetesResource lq) {
    Map<String, Object> spec = map(lq.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(lq.getAdditionalProperties().get("status"));
    Object usageField =
        status.containsKey("flavorsUsage") ? status.get("flavorsUsage") : status.get("flavorUsage");
    double[] usage = gpuUsage(usageField);
    double[] reserved = gpuUsage(status.get("flavorsReservation"));
    return new BatchQueue(
        cluster,
        Scheduler.KUEUE,
        "LocalQueue",
        lq.getMetadata().getNamespace(),
        lq.getMetadata().getName(),
        text(spec.get("clusterQueue")),
        queueState(spec, status),
        integer(status.get("pendingWorkloads")),
        integer(status.get("reservingWorkloads")),
        integer(status.get("admittedWorkloads")),
        usage[0],
        reserved[0],
        Double.NaN,
        Double.NaN,
        0,
        "");
  }

  /** GPUs in a {@code flavorsUsage}-shaped list: {total, borrowed}. */
  private static double[] gpuUsage(Object flavorList) {
    double total = 0;
    double borrowed = 0;
    for (Object f : list(flavorList)) {
      for (Object r : list(map(f).get("resources"))) {
        Map<String, Object> res = map(r);
        if (GPU.equals(res.get("name"))) {
          total += quantity(res.get("total"), "total");
          if (res.containsKey("borrowed")) {
            borrowed += quantity(res.get("borrowed"), "borrowed");
          }
        }
      }
    }
    return new double[] {total, borrowed};
  }

  static BatchJob workload(String cluster, GenericKubernetesResource w) {
    Map<String, Object> spec = map(w.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(w.getAdditionalProperties().get("status"));
    int gpus = 0;
    for (Object ps : list(spec.get("podSets"))) {
      Map<String, Object> podSet = map(ps);
      int count = podSet.containsKey("count") ? integer(podSet.get("count")) : 1;
      Map<String, Object> podSpec = map(map(podSet.get("template")).get("spec"));
      gpus += count * podGpus(podSpec);
    }
    Map<String, Map<String, Object>> conditions = conditions(status);
    BatchJob.State state;
    Map<String, Object> why;
    if (isTrue(conditions.get("Finished"))) {
      state = BatchJob.State.FINISHED;
      why = conditions.get("Finished");
    } else if (Boolean.FALSE.equals(spec.get("active"))) {
      state = BatchJob.State.INACTIVE;
      why = conditions.getOrDefault("Evicted", Map.of("reason", "Deactivated"));
    } else if (isTrue(conditions.get("Preempted")) && !isTrue(conditions.get("QuotaReserved"))) {
      state = BatchJob.State.PREEMPTED;
      why = conditions.get("Preempted");
    } else if (isTrue(conditions.get("Evicted")) && !isTrue(conditions.get("QuotaReserved"))) {
      state = BatchJob.State.EVICTED;
      why = conditions.get("Evicted");
    } else if (isTrue(conditions.get("Admitted"))) {
      state = BatchJob.State.ADMITTED;
      why = Map.of();
    } else if (isTrue(conditions.get("QuotaReserved"))) {
      state = BatchJob.State.QUOTA_RESERVED;
      why = conditions.getOrDefault("Admitted", Map.of());
    } else {
      state = BatchJob.State.PENDING;
      why = conditions.getOrDefault("QuotaReserved", Map.of());
    }
    if (state.waiting() && conditions.containsKey("Evicted") && state == BatchJob.State.PENDING) {
      // Requeued after an eviction: say so when nothing newer explains the wait.
      Map<String, Object> evicted = conditions.get("Evicted");
      if (why.isEmpty() && isTrue(evicted)) {
        why = evicted;
      }
    }
    Map<String, Object> admission = map(status.get("admission"));
    int priority = spec.containsKey("priority") ? integer(spec.get("priority")) : 0;
    return new BatchJob(
        cluster,
        Scheduler.KUEUE,
        w.getMetadata().getNamespace(),
        w.getMetadata().getName(),
        text(spec.get("queueName")),
        text(admission.get("clusterQueue")),
        state,
        gpus,
        priority,
        text(why.get("reason")),
        text(why.get("message")),
        instant(w.getMetadata().getCreationTimestamp()),
        instant(text(why.get("lastTransitionTime"))));
  }

  private static int podGpus(Map<String, Object> podSpec) {
    int gpus = 0;
    for (Object c : list(podSpec.get("containers"))) {
      Map<String, Object> resources = map(map(c).get("resources"));
      Map<String, Object> requests = map(resources.get("requests"));
      Map<String, Object> limits = map(resources.get("limits"));
      Object q = requests.containsKey(GPU) ? requests.get(GPU) : limits.get(GPU);
      if (q != null) {
        gpus += (int) quantity(q, "resources " + GPU);
      }
    }
    return gpus;
  }

  // ---- Volcano ----

  static BatchQueue volcanoQueue(String cluster, GenericKubernetesResource q) {
    Map<String, Object> spec = map(q.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(q.getAdditionalProperties().get("status"));
    Map<String, Object> capability = map(spec.get("capability"));
    Map<String, Object> guarantee = map(map(spec.get("guarantee")).get("resource"));
    double nominal =
        capability.containsKey(GPU)
            ? quantity(capability.get(GPU), "capability")
            : guarantee.containsKey(GPU) ? quantity(guarantee.get(GPU), "guarantee") : Double.NaN;
    Map<String, Object> allocated = map(status.get("allocated"));
    double used =
        allocated.containsKey(GPU) ? quantity(allocated.get(GPU), "allocated") : Double.NaN;
    return new BatchQueue(
        cluster,
        Scheduler.VOLCANO,
        "Queue",
        "",
        q.getMetadata().getName(),
        text(spec.get("parent")),
        text(status.get("state")).isEmpty() ? "Unknown" : text(status.get("state")),
        integer(status.get("pending")),
        integer(status.get("inqueue")),
        integer(status.get("running")),
        used,
        Double.NaN,
        nominal,
        Double.NaN,
        0,
        "");
  }

  static BatchJob podGroup(String cluster, GenericKubernetesResource pg) {
    Map<String, Object> spec = map(pg.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(pg.getAdditionalProperties().get("status"));
    Map<String, Object> minResources = map(spec.get("minResources"));
    int gpus =
        minResources.containsKey(GPU) ? (int) quantity(minResources.get(GPU), "minResources") : 0;
    String phase = text(status.get("phase"));
    BatchJob.State state =
        switch (phase) {
          case "Pending" -> BatchJob.State.PENDING;
          case "Inqueue" -> BatchJob.State.INQUEUE;
          case "Running" -> BatchJob.State.RUNNING;
          case "Completed" -> BatchJob.State.FINISHED;
          default -> BatchJob.State.UNKNOWN;
        };
    Map<String, Map<String, Object>> conditions = conditions(status);
    Map<String, Object> why = Map.of();
    Map<String, Object> unschedulable = conditions.get("Unschedulable");
    if (isTrue(unschedulable)
        && state != BatchJob.State.RUNNING
        && state != BatchJob.State.FINISHED) {
      why = unschedulable;
    }
    return new BatchJob(
        cluster,
        Scheduler.VOLCANO,
        pg.getMetadata().getNamespace(),
        pg.getMetadata().getName(),
        text(spec.get("queue")),
        "",
        state,
        gpus,
        0,
        text(why.get("reason")),
        text(why.get("message")),
        instant(pg.getMetadata().getCreationTimestamp()),
        instant(text(why.get("lastTransitionTime"))));
  }

  // ---- helpers over the unstructured maps ----

  private static Map<String, Map<String, Object>> conditions(Map<String, Object> status) {
    Map<String, Map<String, Object>> out = new java.util.HashMap<>();
    for (Object c : list(status.get("conditions"))) {
      Map<String, Object> cond = map(c);
      out.put(text(cond.get("type")), cond);
    }
    return out;
  }

  private static boolean isTrue(Map<String, Object> condition) {
    return condition != null && "True".equals(condition.get("status"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }

  private static int integer(Object o) {
    if (o == null) {
      return 0;
    }
    if (o instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(o.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + o + "' is not a whole number");
    }
  }

  private static double quantity(Object o, String field) {
    if (o == null) {
      return 0;
    }
    try {
      return new Quantity(o.toString()).getNumericalAmount().doubleValue();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + " '" + o + "' is not a quantity");
    }
  }

  private static Instant instant(String s) {
    return KubeTime.parseOrNull(s);
  }
}
