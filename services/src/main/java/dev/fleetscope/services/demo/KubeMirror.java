package dev.fleetscope.services.demo;

import dev.fleetscope.services.batch.adapter.BatchQueueReader;
import dev.fleetscope.services.demo.DemoFleetSpec.ModelSpec;
import dev.fleetscope.services.demo.DemoFleetSpec.WorkloadKind;
import dev.fleetscope.services.slo.adapter.ClusterSloReader;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the simulator's state into one cluster's Kubernetes API: nodes with GPU Feature Discovery
 * labels, Deployments of inference servers, and their pods; then, each step, the pods and
 * Deployments that changed (as JSON merge patches of their status).
 */
final class KubeMirror {
  /**
   * Status goes in as a JSON Patch that sets {@code /status} whole ("add" replaces a present
   * member): the mock server's merge patch appends to lists (conditions, containerStatuses) instead
   * of replacing them as RFC 7386 says, which would grow every pod's status on each change.
   */
  private static final PatchContext REPLACE = PatchContext.of(PatchType.JSON);

  private final KubernetesClient client;

  KubeMirror(KubernetesClient client) {
    this.client = client;
  }

  void populate(List<SimNode> nodes, List<SimWorkload> workloads) {
    Set<String> namespaces = new LinkedHashSet<>();
    Set<WorkloadKind> kinds = new LinkedHashSet<>();
    workloads.forEach(
        w -> {
          namespaces.add(w.spec.namespace());
          kinds.add(w.spec.kind());
        });
    for (String ns : namespaces) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    // Custom resources need their CRD first, as on a real API server.
    if (kinds.contains(WorkloadKind.ROLLOUT)) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd(ROLLOUT)).create();
      client.apiextensions().v1().customResourceDefinitions().resource(crd(ANALYSIS_RUN)).create();
    }
    if (kinds.contains(WorkloadKind.LEADER_WORKER_SET)) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd(LWS)).create();
    }
    for (SimNode node : nodes) {
      client.nodes().resource(node(node)).create();
    }
    for (SimWorkload w : workloads) {
      String ns = w.spec.namespace();
      switch (w.spec.kind()) {
        case DEPLOYMENT ->
            client.apps().deployments().inNamespace(ns).resource(deployment(w)).create();
        case STATEFUL_SET ->
            client.apps().statefulSets().inNamespace(ns).resource(statefulSet(w)).create();
        case ROLLOUT ->
            client
                .genericKubernetesResources(ROLLOUT)
                .inNamespace(ns)
                .resource(rollout(w))
                .create();
        case LEADER_WORKER_SET ->
            client
                .genericKubernetesResources(LWS)
                .inNamespace(ns)
                .resource(leaderWorkerSet(w))
                .create();
      }
      for (SimReplica r : w.replicas) {
        client.pods().inNamespace(ns).resource(pod(r)).create();
      }
    }
    // With a status subresource (as their CRDs declare) the API server ignores status on create:
    // custom workloads get theirs written the way their controllers write it.
    SimChanges initial = new SimChanges();
    workloads.stream()
        .filter(
            w ->
                w.spec.kind() == WorkloadKind.ROLLOUT
                    || w.spec.kind() == WorkloadKind.LEADER_WORKER_SET)
        .forEach(initial.workloads::add);
    apply(initial);
  }

  /** Installs the Pyrra and Sloth CRDs and creates the given SLO objects (YAML documents). */
  void addSlos(List<String> documents) {
    if (documents.isEmpty()) {
      return;
    }
    for (ResourceDefinitionContext kind : List.of(ClusterSloReader.PYRRA, ClusterSloReader.SLOTH)) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd(kind)).create();
    }
    for (String yaml : documents) {
      GenericKubernetesResource slo =
          Serialization.unmarshal(yaml, GenericKubernetesResource.class);
      ResourceDefinitionContext kind =
          slo.getKind().equals(ClusterSloReader.PYRRA.getKind())
              ? ClusterSloReader.PYRRA
              : ClusterSloReader.SLOTH;
      client
          .genericKubernetesResources(kind)
          .inNamespace(slo.getMetadata().getNamespace())
          .resource(slo)
          .create();
    }
  }

  /**
   * Installs the Kueue and Volcano CRDs a queue set needs and creates its objects, then writes
   * their status the way the schedulers' controllers do (status is a subresource).
   */
  void addQueues(DemoQueues.Objects queues) {
    if (!queues.kueue().isEmpty()) {
      String v = queues.kueueVersion();
      for (String kind : List.of("ResourceFlavor", "ClusterQueue", "LocalQueue", "Workload")) {
        boolean namespaced = kind.equals("LocalQueue") || kind.equals("Workload");
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd(BatchQueueReader.kueue(v, kind, namespaced), namespaced))
            .create();
      }
    }
    if (!queues.volcano().isEmpty()) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd(BatchQueueReader.volcano("Queue", false), false))
          .create();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd(BatchQueueReader.volcano("PodGroup", true), true))
          .create();
    }
    List<Map<String, Object>> all = new ArrayList<>(queues.kueue());
    all.addAll(queues.volcano());
    for (Map<String, Object> o : all) {
      GenericKubernetesResource r =
          Serialization.unmarshal(Serialization.asJson(o), GenericKubernetesResource.class);
      String kind = r.getKind();
      boolean namespaced = r.getMetadata().getNamespace() != null;
      ResourceDefinitionContext ctx =
          r.getApiVersion().startsWith(BatchQueueReader.KUEUE_GROUP)
              ? BatchQueueReader.kueue(queues.kueueVersion(), kind, namespaced)
              : BatchQueueReader.volcano(kind, namespaced);
      var op = client.genericKubernetesResources(ctx);
      var resource =
          namespaced ? op.inNamespace(r.getMetadata().getNamespace()).resource(r) : op.resource(r);
      resource.create();
      Object status = o.get("status");
      if (status != null) {
        var named =
            namespaced
                ? op.inNamespace(r.getMetadata().getNamespace()).withName(r.getMetadata().getName())
                : op.withName(r.getMetadata().getName());
        named.subresource("status").patch(REPLACE, replaceStatus(status));
      }
    }
  }

  void apply(SimChanges changes) {
    for (SimReplica r : changes.removed) {
      client.pods().inNamespace(r.spec().namespace()).withName(r.podName).delete();
    }
    for (SimReplica r : changes.created) {
      client.pods().inNamespace(r.spec().namespace()).resource(pod(r)).create();
    }
    for (List<GenericKubernetesResource> objects : changes.objects.values()) {
      for (GenericKubernetesResource o : objects) {
        upsertWithStatus(o);
      }
    }
    for (SimReplica r : changes.pods) {
      if (changes.created.contains(r) || changes.removed.contains(r)) {
        continue;
      }
      client
          .pods()
          .inNamespace(r.spec().namespace())
          .withName(r.podName)
          .patch(REPLACE, replaceStatus(podStatus(r)));
    }
    for (SimWorkload w : changes.workloads) {
      String ns = w.spec.namespace();
      String name = w.spec.deployment();
      switch (w.spec.kind()) {
        case DEPLOYMENT ->
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName(name)
                .patch(REPLACE, replaceStatus(deploymentStatus(w)));
        case STATEFUL_SET ->
            client
                .apps()
                .statefulSets()
                .inNamespace(ns)
                .withName(name)
                .patch(REPLACE, replaceStatus(statefulSetStatus(w)));
        case ROLLOUT -> {
          syncReplicaSets(w);
          String status = replaceStatus(rolloutStatus(w));
          // A controller writes status when it changes, not on every pod event.
          if (!status.equals(lastRolloutStatus.put(ns + "/" + name, status))) {
            client
                .genericKubernetesResources(ROLLOUT)
                .inNamespace(ns)
                .withName(name)
                .subresource("status")
                .patch(REPLACE, status);
          }
        }
        case LEADER_WORKER_SET ->
            client
                .genericKubernetesResources(LWS)
                .inNamespace(ns)
                .withName(name)
                .subresource("status")
                .patch(REPLACE, replaceStatus(lwsStatus(w)));
      }
    }
  }

  private final Map<String, String> lastReplicaSets =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Set<String>> rolloutHashes =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The ReplicaSets the Rollouts controller keeps, one per pod-template hash the Rollout has run
   * ({@code <rollout>-<hash>}, owned by the Rollout): created when a version first appears, its
   * replicas and ready pods written when they change, scaled to 0 (not deleted) once its pods are
   * gone, as the controller keeps old revisions.
   */
  private void syncReplicaSets(SimWorkload w) {
    String ns = w.spec.namespace();
    String name = w.spec.deployment();
    Map<String, int[]> counts = new java.util.TreeMap<>();
    for (SimReplica r : w.replicas) {
      int[] c = counts.computeIfAbsent(r.templateHash, h -> new int[2]);
      c[0]++;
      if (r.ready) {
        c[1]++;
      }
    }
    Set<String> hashes =
        rolloutHashes.computeIfAbsent(
            ns + "/" + name, k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
    hashes.addAll(counts.keySet());
    for (String hash : hashes) {
      int[] c = counts.getOrDefault(hash, new int[2]);
      String rsName = name + "-" + hash;
      String state = c[0] + "/" + c[1];
      String before = lastReplicaSets.put(ns + "/" + rsName, state);
      if (state.equals(before)) {
        continue;
      }
      var replicaSets = client.apps().replicaSets().inNamespace(ns);
      if (before == null) {
        replicaSets.resource(replicaSet(w, hash, c[0])).create();
      } else {
        replicaSets
            .withName(rsName)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(Map.of("spec", Map.of("replicas", c[0]))));
      }
      replicaSets
          .withName(rsName)
          .patch(
              REPLACE,
              replaceStatus(
                  Map.of(
                      "replicas", c[0],
                      "readyReplicas", c[1],
                      "availableReplicas", c[1],
                      "fullyLabeledReplicas", c[0],
                      "observedGeneration", 1)));
    }
  }

  private static io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(
      SimWorkload w, String hash, int replicas) {
    ModelSpec m = w.spec;
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", m.deployment());
    labels.put("rollouts-pod-template-hash", hash);
    return new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata()
        .withName(m.deployment() + "-" + hash)
        .withNamespace(m.namespace())
        .withLabels(labels)
        .addNewOwnerReference()
        .withApiVersion("argoproj.io/v1alpha1")
        .withKind("Rollout")
        .withName(m.deployment())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withTemplate(template(m, labels))
        .endSpec()
        .build();
  }

  private final Map<String, String> lastRolloutStatus =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<String> createdObjects = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Creates a controller's object on first sight, then writes its status (a subresource). */
  private void upsertWithStatus(GenericKubernetesResource o) {
    ResourceDefinitionContext kind = ANALYSIS_RUN;
    String ns = o.getMetadata().getNamespace();
    String key = ns + "/" + o.getMetadata().getName();
    Object status = o.getAdditionalProperties().get("status");
    if (createdObjects.add(key)) {
      GenericKubernetesResource fresh = new GenericKubernetesResource();
      fresh.setApiVersion(o.getApiVersion());
      fresh.setKind(o.getKind());
      fresh.setMetadata(o.getMetadata());
      fresh.setAdditionalProperty("spec", o.getAdditionalProperties().get("spec"));
      client.genericKubernetesResources(kind).inNamespace(ns).resource(fresh).create();
    }
    client
        .genericKubernetesResources(kind)
        .inNamespace(ns)
        .withName(o.getMetadata().getName())
        .subresource("status")
        .patch(REPLACE, replaceStatus(status));
  }

  /** The Rollout as the API server holds it now (the console's patches included), or null. */
  Map<String, Object> readRollout(String namespace, String name) {
    GenericKubernetesResource r =
        client.genericKubernetesResources(ROLLOUT).inNamespace(namespace).withName(name).get();
    return r == null ? null : asMap(r);
  }

  /**
   * A new revision of the Rollout's pod template (as a CI pipeline would apply it): the API server
   * bumps the generation, and the controller starts the canary.
   */
  void newRevision(SimWorkload w, String revision) {
    client
        .genericKubernetesResources(ROLLOUT)
        .inNamespace(w.spec.namespace())
        .withName(w.spec.deployment())
        .edit(
            r -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) r.getAdditionalProperties().get("spec");
              @SuppressWarnings("unchecked")
              Map<String, Object> template = (Map<String, Object>) spec.get("template");
              @SuppressWarnings("unchecked")
              Map<String, Object> meta =
                  (Map<String, Object>)
                      template.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
              meta.put("annotations", Map.of("fleetscope.dev/model-revision", revision));
              return r;
            });
  }

  private static String replaceStatus(Object status) {
    return Serialization.asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
  }

  static final ResourceDefinitionContext ROLLOUT =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("Rollout")
          .withPlural("rollouts")
          .withNamespaced(true)
          .build();

  static final ResourceDefinitionContext ANALYSIS_RUN =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("AnalysisRun")
          .withPlural("analysisruns")
          .withNamespaced(true)
          .build();

  static final ResourceDefinitionContext LWS =
      new ResourceDefinitionContext.Builder()
          .withGroup("leaderworkerset.x-k8s.io")
          .withVersion("v1")
          .withKind("LeaderWorkerSet")
          .withPlural("leaderworkersets")
          .withNamespaced(true)
          .build();

  static final String LWS_NAME_LABEL = "leaderworkerset.sigs.k8s.io/name";

  static CustomResourceDefinition crd(ResourceDefinitionContext c) {
    return DemoCrds.of(c, true);
  }

  static CustomResourceDefinition crd(ResourceDefinitionContext c, boolean namespaced) {
    return DemoCrds.of(c, namespaced);
  }

  static Node node(SimNode n) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", n.name);
    labels.put("kubernetes.io/os", "linux");
    labels.put(
        "node.kubernetes.io/instance-type",
        n.pool.product().contains("H100") ? "p5.48xlarge" : "g6e.48xlarge");
    labels.put("nvidia.com/gpu.present", "true");
    labels.put("nvidia.com/gpu.product", n.pool.product());
    labels.put("nvidia.com/gpu.memory", Long.toString(n.pool.gpuMemoryMiB()));
    labels.put("nvidia.com/gpu.count", Integer.toString(n.gpus.length));
    labels.put("fleetscope.dev/demo", "true");
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity("192"));
    capacity.put("memory", new Quantity("2048Gi"));
    capacity.put("pods", new Quantity("110"));
    capacity.put("nvidia.com/gpu", new Quantity(Integer.toString(n.gpus.length)));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(n.name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withUnschedulable(false)
        .endSpec()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .endCondition()
        .withNewNodeInfo()
        .withKubeletVersion("v1.31.2")
        .withContainerRuntimeVersion("containerd://1.7.22")
        .withOsImage("Ubuntu 22.04.5 LTS")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  static Deployment deployment(SimWorkload w) {
    ModelSpec m = w.spec;
    return new DeploymentBuilder()
        .withMetadata(workloadMeta(m))
        .withNewSpec()
        .withReplicas(m.replicas())
        .withNewSelector()
        .withMatchLabels(Map.of("app", m.deployment()))
        .endSelector()
        .withTemplate(template(m, Map.of("app", m.deployment())))
        .endSpec()
        .withStatus(deploymentStatus(w))
        .build();
  }

  static StatefulSet statefulSet(SimWorkload w) {
    ModelSpec m = w.spec;
    return new StatefulSetBuilder()
        .withMetadata(workloadMeta(m))
        .withNewSpec()
        .withReplicas(m.replicas())
        .withServiceName(m.deployment())
        .withNewSelector()
        .withMatchLabels(Map.of("app", m.deployment()))
        .endSelector()
        .withTemplate(template(m, Map.of("app", m.deployment())))
        .endSpec()
        .withStatus(statefulSetStatus(w))
        .build();
  }

  /** An Argo Rollout with a canary strategy (setWeight and pause steps). */
  static GenericKubernetesResource rollout(SimWorkload w) {
    ModelSpec m = w.spec;
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", m.replicas());
    spec.put("selector", Map.of("matchLabels", Map.of("app", m.deployment())));
    spec.put("template", asMap(template(m, Map.of("app", m.deployment()))));
    Map<String, Object> canary = new LinkedHashMap<>();
    canary.put("canaryService", m.deployment() + "-canary");
    canary.put("stableService", m.deployment());
    canary.put("trafficRouting", Map.of("nginx", Map.of("stableIngress", m.deployment())));
    canary.put("dynamicStableScale", true);
    canary.put("steps", GrayRelease.steps());
    spec.put("strategy", Map.of("canary", canary));
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("argoproj.io/v1alpha1");
    r.setKind("Rollout");
    r.setMetadata(workloadMeta(m));
    r.setAdditionalProperty("spec", spec);
    r.setAdditionalProperty("status", rolloutStatus(w));
    return r;
  }

  /** A LeaderWorkerSet: groups of one leader and workers with the same template. */
  static GenericKubernetesResource leaderWorkerSet(SimWorkload w) {
    ModelSpec m = w.spec;
    Map<String, Object> template = asMap(template(m, Map.of("app", m.deployment())));
    Map<String, Object> lwt = new LinkedHashMap<>();
    lwt.put("size", DemoFleetSpec.LWS_GROUP_SIZE);
    lwt.put("restartPolicy", "RecreateGroupOnPodRestart");
    lwt.put("leaderTemplate", template);
    lwt.put("workerTemplate", template);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", groups(m));
    spec.put("startupPolicy", "LeaderCreated");
    spec.put("leaderWorkerTemplate", lwt);
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("leaderworkerset.x-k8s.io/v1");
    r.setKind("LeaderWorkerSet");
    r.setMetadata(workloadMeta(m));
    r.setAdditionalProperty("spec", spec);
    r.setAdditionalProperty("status", lwsStatus(w));
    return r;
  }

  private static int groups(ModelSpec m) {
    return Math.max(1, m.replicas() / DemoFleetSpec.LWS_GROUP_SIZE);
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta workloadMeta(ModelSpec m) {
    return new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName(m.deployment())
        .withNamespace(m.namespace())
        .withLabels(Map.of("app", m.deployment(), "fleetscope.dev/demo", "true"))
        .withGeneration(1L)
        .build();
  }

  private static PodTemplateSpec template(ModelSpec m, Map<String, String> labels) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withContainers(container(m))
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Container container(ModelSpec m) {
    return new ContainerBuilder()
        .withName(containerName(m))
        .withImage(m.image())
        .withArgs(args(m))
        .withPorts(
            m.servesInference()
                ? List.of(
                    new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                        .withName("http")
                        .withContainerPort(8000)
                        .build())
                : List.of())
        .withResources(resources(m))
        .build();
  }

  static String containerName(ModelSpec m) {
    if (m.servesInference()) {
      return "vllm";
    }
    return m.kind() == WorkloadKind.STATEFUL_SET ? "redis" : "proxy";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return Serialization.unmarshal(Serialization.asJson(o), Map.class);
  }

  static Pod pod(SimReplica r) {
    ModelSpec m = r.spec();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", m.deployment());
    String ownerKind = "ReplicaSet";
    String ownerApi = "apps/v1";
    String owner = m.deployment() + "-" + r.templateHash;
    switch (m.kind()) {
      case DEPLOYMENT -> labels.put("pod-template-hash", r.templateHash);
      case ROLLOUT -> labels.put("rollouts-pod-template-hash", r.templateHash);
      case STATEFUL_SET -> {
        labels.put("statefulset.kubernetes.io/pod-name", r.podName);
        ownerKind = "StatefulSet";
        owner = m.deployment();
      }
      case LEADER_WORKER_SET -> {
        int index = r.workload.replicas.indexOf(r);
        int group = (index < 0 ? 0 : index) / DemoFleetSpec.LWS_GROUP_SIZE;
        int worker = (index < 0 ? 0 : index) % DemoFleetSpec.LWS_GROUP_SIZE;
        labels.put(LWS_NAME_LABEL, m.deployment());
        labels.put("leaderworkerset.sigs.k8s.io/group-index", Integer.toString(group));
        labels.put("leaderworkerset.sigs.k8s.io/worker-index", Integer.toString(worker));
        // The leader belongs to the set's leader StatefulSet; workers to their group's.
        ownerKind = "StatefulSet";
        owner = worker == 0 ? m.deployment() : m.deployment() + "-" + group;
      }
    }
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(r.podName)
            .withNamespace(m.namespace())
            .withLabels(labels)
            .withCreationTimestamp(timestamp(r.startedAt))
            .addNewOwnerReference()
            .withApiVersion(ownerApi)
            .withKind(ownerKind)
            .withName(owner)
            .withController(true)
            .withUid("demo-" + owner)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withContainers(container(m))
            .endSpec()
            .withStatus(podStatus(r));
    if (r.node != null) {
      b.editSpec().withNodeName(r.node.name).endSpec();
    }
    return b.build();
  }

  static PodStatus podStatus(SimReplica r) {
    String now = timestamp(r.startedAt);
    PodStatusBuilder s = new PodStatusBuilder().withPhase(r.phase());
    if (!r.scheduled()) {
      return s.addNewCondition()
          .withType("PodScheduled")
          .withStatus("False")
          .withReason("Unschedulable")
          .withMessage("no node has enough free nvidia.com/gpu for this pod")
          .endCondition()
          .build();
    }
    String ready = r.ready ? "True" : "False";
    ContainerStatusBuilder cs =
        new ContainerStatusBuilder()
            .withName(containerName(r.spec()))
            .withImage(r.spec().image())
            .withReady(r.ready)
            .withStarted(true)
            .withRestartCount(r.restarts)
            .withNewState()
            .withNewRunning()
            .withStartedAt(now)
            .endRunning()
            .endState();
    if (!r.lastTerminationReason.isEmpty()) {
      cs.withNewLastState()
          .withNewTerminated()
          .withReason(r.lastTerminationReason)
          .withExitCode("OOMKilled".equals(r.lastTerminationReason) ? 137 : 1)
          .endTerminated()
          .endLastState();
    }
    ContainerStatus status = cs.build();
    return s.addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .endCondition()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .endCondition()
        .addNewCondition()
        .withType("ContainersReady")
        .withStatus(ready)
        .endCondition()
        .withStartTime(now)
        .withContainerStatuses(status)
        .build();
  }

  static DeploymentStatus deploymentStatus(SimWorkload w) {
    int scheduled = (int) w.replicas.stream().filter(SimReplica::scheduled).count();
    int ready = w.readyReplicas();
    return new DeploymentStatusBuilder()
        .withObservedGeneration(1L)
        .withReplicas(w.replicas.size())
        .withUpdatedReplicas(w.replicas.size())
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUnavailableReplicas(w.replicas.size() - ready)
        .addNewCondition()
        .withType("Available")
        .withStatus(ready >= w.spec.replicas() ? "True" : "False")
        .endCondition()
        .addNewCondition()
        .withType("Progressing")
        .withStatus(scheduled == w.replicas.size() ? "True" : "False")
        .endCondition()
        .build();
  }

  static io.fabric8.kubernetes.api.model.apps.StatefulSetStatus statefulSetStatus(SimWorkload w) {
    int ready = w.readyReplicas();
    return new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
        .withObservedGeneration(1L)
        .withReplicas(w.replicas.size())
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withCurrentReplicas(w.replicas.size())
        .withUpdatedReplicas(w.replicas.size())
        .build();
  }

  static Map<String, Object> rolloutStatus(SimWorkload w) {
    if (w.statusSource != null) {
      return w.statusSource.get();
    }
    int ready = w.readyReplicas();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("replicas", w.replicas.size());
    status.put("updatedReplicas", w.replicas.size());
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    status.put("phase", ready >= w.spec.replicas() ? "Healthy" : "Progressing");
    status.put("currentPodHash", w.templateHash);
    status.put("stableRS", w.templateHash);
    status.put("currentStepIndex", GrayRelease.steps().size());
    status.put("observedGeneration", "1");
    return status;
  }

  /** LeaderWorkerSet replicas are groups; a group is ready when all its pods are. */
  static Map<String, Object> lwsStatus(SimWorkload w) {
    int size = DemoFleetSpec.LWS_GROUP_SIZE;
    int readyGroups = 0;
    for (int g = 0; g * size < w.replicas.size(); g++) {
      boolean all = true;
      for (int i = g * size; i < Math.min(w.replicas.size(), (g + 1) * size); i++) {
        all &= w.replicas.get(i).ready;
      }
      if (all) {
        readyGroups++;
      }
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("replicas", groups(w.spec));
    status.put("readyReplicas", readyGroups);
    status.put("updatedReplicas", groups(w.spec));
    return status;
  }

  private static List<String> args(ModelSpec m) {
    List<String> args = new ArrayList<>();
    if (m.servesInference()) {
      args.add("--model");
      args.add(m.servedModel());
      args.add("--tensor-parallel-size");
      args.add(Integer.toString(m.gpusPerReplica()));
      args.add("--gpu-memory-utilization");
      args.add("0.90");
      args.add("--max-num-seqs");
      args.add(Integer.toString(m.maxBatch()));
    }
    return args;
  }

  private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(ModelSpec m) {
    ResourceRequirementsBuilder b =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity(m.servesInference() ? "16" : "500m"))
            .addToRequests("memory", new Quantity(m.servesInference() ? "128Gi" : "512Mi"));
    if (m.gpusPerReplica() > 0) {
      Quantity gpus = new Quantity(Integer.toString(m.gpusPerReplica()));
      b.addToRequests("nvidia.com/gpu", gpus).addToLimits("nvidia.com/gpu", gpus);
    }
    return b.build();
  }

  private static String timestamp(Instant at) {
    return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
