package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.cluster.NodeFacts;
import dev.fleetscope.services.cluster.PodFacts;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WorkloadFacts;
import dev.fleetscope.services.common.KubeTime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the few fields the overview needs from fabric8 objects. Runs inside informer handlers, so
 * it must stay cheap and never throw on partial objects.
 */
final class KubeFacts {
  static final String GPU_RESOURCE = "nvidia.com/gpu";
  static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
  static final String GPU_MEMORY_LABEL = "nvidia.com/gpu.memory";
  static final String GPU_COUNT_LABEL = "nvidia.com/gpu.count";
  static final String GPU_SHARED_RESOURCE = "nvidia.com/gpu.shared";
  static final String MIG_RESOURCE_PREFIX = "nvidia.com/mig-";
  static final String LWS_NAME_LABEL = "leaderworkerset.sigs.k8s.io/name";
  private static final KubernetesSerialization SERDE = KubeClients.SERIALIZATION;

  private KubeFacts() {}

  static NodeFacts node(Node node) {
    Map<String, String> labels = labels(node.getMetadata().getLabels());
    int gpus = 0;
    int shared = 0;
    Map<String, Integer> mig = new TreeMap<>();
    boolean ready = false;
    List<String> problems = new ArrayList<>();
    String kubelet = "";
    if (node.getStatus() != null) {
      Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
      gpus = quantity(allocatable, GPU_RESOURCE);
      shared = quantity(allocatable, GPU_SHARED_RESOURCE);
      if (allocatable != null) {
        for (String resource : allocatable.keySet()) {
          if (resource.startsWith(MIG_RESOURCE_PREFIX)) {
            mig.put(resource, quantity(allocatable, resource));
          }
        }
      }
      if (node.getStatus().getConditions() != null) {
        for (NodeCondition c : node.getStatus().getConditions()) {
          boolean isTrue = "True".equals(c.getStatus());
          if ("Ready".equals(c.getType())) {
            ready = isTrue;
            if (!isTrue) {
              problems.add("Ready=" + c.getStatus() + reasonSuffix(c.getReason()));
            }
          } else if (isTrue) {
            // Every other node condition (MemoryPressure, DiskPressure, PIDPressure,
            // NetworkUnavailable, and the node problem detector's) is bad when True.
            problems.add(c.getType() + reasonSuffix(c.getReason()));
          }
        }
      }
      if (node.getStatus().getNodeInfo() != null
          && node.getStatus().getNodeInfo().getKubeletVersion() != null) {
        kubelet = node.getStatus().getNodeInfo().getKubeletVersion();
      }
    }
    List<String> taints = new ArrayList<>();
    boolean cordoned = false;
    if (node.getSpec() != null) {
      cordoned = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
      if (node.getSpec().getTaints() != null) {
        for (Taint t : node.getSpec().getTaints()) {
          String value = t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue();
          taints.add(t.getKey() + value + ":" + t.getEffect());
        }
      }
    }
    return new NodeFacts(
        node.getMetadata().getName(),
        labels.getOrDefault(GPU_PRODUCT_LABEL, ""),
        parseLong(labels.get(GPU_MEMORY_LABEL)),
        (int) parseLong(labels.get(GPU_COUNT_LABEL)),
        gpus,
        shared,
        mig,
        ready,
        cordoned,
        problems,
        taints,
        kubelet,
        instant(node.getMetadata().getCreationTimestamp()));
  }

  static PodFacts pod(Pod pod) {
    PodSpec spec = pod.getSpec();
    String nodeName = spec == null || spec.getNodeName() == null ? "" : spec.getNodeName();
    String phase = "Unknown";
    String status = null;
    boolean ready = false;
    int restarts = 0;
    int readyContainers = 0;
    int containers = spec == null || spec.getContainers() == null ? 0 : spec.getContainers().size();
    String lastTermination = "";
    PodStatus ps = pod.getStatus();
    if (ps != null) {
      if (ps.getPhase() != null) {
        phase = ps.getPhase();
      }
      if (ps.getReason() != null && !ps.getReason().isEmpty()) {
        status = ps.getReason(); // Evicted, NodeLost, ...
      }
      if (ps.getConditions() != null) {
        for (PodCondition c : ps.getConditions()) {
          if ("Ready".equals(c.getType())) {
            ready = "True".equals(c.getStatus());
          }
        }
      }
      if (ps.getContainerStatuses() != null) {
        for (ContainerStatus cs : ps.getContainerStatuses()) {
          restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
          if (Boolean.TRUE.equals(cs.getReady())) {
            readyContainers++;
          }
          if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
            String reason = cs.getLastState().getTerminated().getReason();
            if (reason != null && (lastTermination.isEmpty() || "OOMKilled".equals(reason))) {
              lastTermination = reason;
            }
          }
          ContainerState state = cs.getState();
          if (status == null && state != null) {
            if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
              status = state.getWaiting().getReason();
            } else if (state.getTerminated() != null && state.getTerminated().getReason() != null) {
              status = state.getTerminated().getReason();
            }
          }
        }
      }
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      status = "Terminating";
    }
    return new PodFacts(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        nodeName,
        phase,
        status == null ? phase : status,
        ready,
        readyContainers,
        containers,
        gpuRequest(spec),
        restarts,
        lastTermination,
        owner(pod.getMetadata()),
        instant(pod.getMetadata().getCreationTimestamp()),
        labels(pod.getMetadata().getLabels()));
  }

  private static String owner(ObjectMeta meta) {
    if (meta.getOwnerReferences() == null) {
      return "";
    }
    for (OwnerReference ref : meta.getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())) {
        return ref.getKind() + "/" + ref.getName();
      }
    }
    return "";
  }

  private static String reasonSuffix(String reason) {
    return reason == null || reason.isEmpty() ? "" : ": " + reason;
  }

  static Instant instant(String timestamp) {
    return KubeTime.parseOrNull(timestamp);
  }

  /**
   * An Argo Rollout: its spec and status have the Deployment's shape for what is read here
   * (replicas, selector, template, readyReplicas), plus a phase. A Rollout that points at a
   * Deployment ({@code workloadRef}) has no template of its own: no engine or GPUs are read then.
   */
  static WorkloadFacts rollout(GenericKubernetesResource r) {
    Deployment shape = SERDE.convertValue(r, Deployment.class);
    WorkloadFacts d = deployment(shape);
    Object status = r.getAdditionalProperties().get("status");
    String phase =
        status instanceof Map<?, ?> m && m.get("phase") != null ? m.get("phase").toString() : "";
    return new WorkloadFacts(
        ResourceKind.ROLLOUTS.kind(),
        d.namespace(),
        d.name(),
        d.selector(),
        d.desiredReplicas(),
        d.readyReplicas(),
        d.gpusPerReplica(),
        d.engine(),
        d.servedModel(),
        phase);
  }

  /**
   * A LeaderWorkerSet: replicas are groups of {@code size} pods (one leader, size-1 workers); a
   * group's GPUs are the leader's plus the workers'. Its pods carry the set's name label.
   */
  static WorkloadFacts leaderWorkerSet(GenericKubernetesResource r) {
    Map<String, Object> spec = map(r.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(r.getAdditionalProperties().get("status"));
    Map<String, Object> lwt = map(spec.get("leaderWorkerTemplate"));
    int size = intValue(lwt.get("size"), 1);
    PodTemplateSpec worker = SERDE.convertValue(lwt.get("workerTemplate"), PodTemplateSpec.class);
    PodTemplateSpec leader =
        lwt.get("leaderTemplate") == null
            ? worker
            : SERDE.convertValue(lwt.get("leaderTemplate"), PodTemplateSpec.class);
    PodSpec workerSpec = worker == null ? null : worker.getSpec();
    PodSpec leaderSpec = leader == null ? null : leader.getSpec();
    WorkloadFacts fromLeader =
        workload(
            ResourceKind.LEADERWORKERSETS.kind(),
            r.getMetadata().getNamespace(),
            r.getMetadata().getName(),
            null,
            intValue(spec.get("replicas"), 1),
            intValue(status.get("readyReplicas"), 0),
            leaderSpec);
    int groupGpus = gpuRequest(leaderSpec) + (size - 1) * gpuRequest(workerSpec);
    return new WorkloadFacts(
        fromLeader.kind(),
        fromLeader.namespace(),
        fromLeader.name(),
        Map.of(LWS_NAME_LABEL, r.getMetadata().getName()),
        fromLeader.desiredReplicas(),
        fromLeader.readyReplicas(),
        groupGpus,
        fromLeader.engine(),
        fromLeader.servedModel(),
        "");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static int intValue(Object o, int fallback) {
    return o instanceof Number n ? n.intValue() : fallback;
  }

  static WorkloadFacts deployment(Deployment d) {
    Integer desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
    PodSpec template =
        d.getSpec() == null || d.getSpec().getTemplate() == null
            ? null
            : d.getSpec().getTemplate().getSpec();
    LabelSelector selector = d.getSpec() == null ? null : d.getSpec().getSelector();
    return workload(
        "Deployment",
        d.getMetadata().getNamespace(),
        d.getMetadata().getName(),
        selector,
        desired,
        ready,
        template);
  }

  static WorkloadFacts statefulSet(StatefulSet s) {
    Integer desired = s.getSpec() == null ? null : s.getSpec().getReplicas();
    Integer ready = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
    PodSpec template =
        s.getSpec() == null || s.getSpec().getTemplate() == null
            ? null
            : s.getSpec().getTemplate().getSpec();
    LabelSelector selector = s.getSpec() == null ? null : s.getSpec().getSelector();
    return workload(
        "StatefulSet",
        s.getMetadata().getNamespace(),
        s.getMetadata().getName(),
        selector,
        desired,
        ready,
        template);
  }

  private static WorkloadFacts workload(
      String kind,
      String namespace,
      String name,
      LabelSelector selector,
      Integer desired,
      Integer ready,
      PodSpec template) {
    Map<String, String> matchLabels =
        selector == null || selector.getMatchLabels() == null
            ? Map.of()
            : selector.getMatchLabels();
    StringBuilder imageAndArgs = new StringBuilder();
    String servedModel = "";
    if (template != null && template.getContainers() != null) {
      for (Container c : template.getContainers()) {
        List<String> words = new ArrayList<>();
        if (c.getImage() != null) {
          imageAndArgs.append(c.getImage()).append(' ');
        }
        if (c.getCommand() != null) {
          words.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
          words.addAll(c.getArgs());
        }
        imageAndArgs.append(String.join(" ", words)).append(' ');
        if (servedModel.isEmpty()) {
          servedModel = servedModel(words);
        }
      }
    }
    return new WorkloadFacts(
        kind,
        namespace,
        name,
        matchLabels,
        desired == null ? 1 : desired,
        ready == null ? 0 : ready,
        gpuRequest(template),
        InferenceEngine.detect(imageAndArgs.toString()),
        servedModel,
        "");
  }

  static String servedModel(List<String> words) {
    return InferenceEngine.servedModel(words);
  }

  static int gpuRequest(PodSpec spec) {
    if (spec == null || spec.getContainers() == null) {
      return 0;
    }
    int total = 0;
    for (Container c : spec.getContainers()) {
      ResourceRequirements r = c.getResources();
      if (r != null) {
        // Extended resources must have requests equal to limits; either may be written alone.
        total +=
            Math.max(
                quantity(r.getRequests(), GPU_RESOURCE), quantity(r.getLimits(), GPU_RESOURCE));
      }
    }
    return total;
  }

  private static int quantity(Map<String, Quantity> map, String key) {
    if (map == null) {
      return 0;
    }
    Quantity q = map.get(key);
    if (q == null) {
      return 0;
    }
    try {
      return Quantity.getAmountInBytes(q).intValue();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }

  private static long parseLong(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
