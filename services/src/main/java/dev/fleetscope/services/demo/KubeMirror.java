package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.DemoFleetSpec.ModelSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
  private final KubernetesClient client;

  KubeMirror(KubernetesClient client) {
    this.client = client;
  }

  void populate(List<SimNode> nodes, List<SimWorkload> workloads) {
    Set<String> namespaces = new LinkedHashSet<>();
    workloads.forEach(w -> namespaces.add(w.spec.namespace()));
    for (String ns : namespaces) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    for (SimNode node : nodes) {
      client.nodes().resource(node(node)).create();
    }
    for (SimWorkload w : workloads) {
      client.apps().deployments().inNamespace(w.spec.namespace()).resource(deployment(w)).create();
      for (SimReplica r : w.replicas) {
        client.pods().inNamespace(w.spec.namespace()).resource(pod(r)).create();
      }
    }
  }

  void apply(SimChanges changes) {
    for (SimReplica r : changes.pods) {
      String patch = Serialization.asJson(Map.of("status", podStatus(r)));
      client.pods().inNamespace(r.spec().namespace()).withName(r.podName).patch(MERGE, patch);
    }
    for (SimWorkload w : changes.workloads) {
      String patch = Serialization.asJson(Map.of("status", deploymentStatus(w)));
      client
          .apps()
          .deployments()
          .inNamespace(w.spec.namespace())
          .withName(w.spec.deployment())
          .patch(MERGE, patch);
    }
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
        .withNewMetadata()
        .withName(m.deployment())
        .withNamespace(m.namespace())
        .withLabels(Map.of("app", m.deployment(), "fleetscope.dev/demo", "true"))
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(m.replicas())
        .withNewSelector()
        .withMatchLabels(Map.of("app", m.deployment()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", m.deployment()))
        .endMetadata()
        .withNewSpec()
        .withContainers(
            new ContainerBuilder()
                .withName(m.servesInference() ? "vllm" : "proxy")
                .withImage(m.image())
                .withArgs(args(m))
                .withResources(resources(m))
                .build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .withStatus(deploymentStatus(w))
        .build();
  }

  static Pod pod(SimReplica r) {
    ModelSpec m = r.spec();
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(r.podName)
            .withNamespace(m.namespace())
            .withLabels(Map.of("app", m.deployment(), "pod-template-hash", r.workload.templateHash))
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName(m.deployment() + "-" + r.workload.templateHash)
            .withController(true)
            .withUid("demo-rs-" + r.workload.templateHash)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withContainers(
                new ContainerBuilder()
                    .withName(m.servesInference() ? "vllm" : "proxy")
                    .withImage(m.image())
                    .withArgs(args(m))
                    .withResources(resources(m))
                    .build())
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
            .withName(r.spec().servesInference() ? "vllm" : "proxy")
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
