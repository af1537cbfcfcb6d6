package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.cluster.NodeFacts;
import dev.fleetscope.services.cluster.PodFacts;
import dev.fleetscope.services.cluster.WorkloadFacts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the few fields the overview needs from fabric8 objects. Runs inside informer handlers, so
 * it must stay cheap and never throw on partial objects.
 */
final class KubeFacts {
  static final String GPU_RESOURCE = "nvidia.com/gpu";
  static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
  static final String GPU_MEMORY_LABEL = "nvidia.com/gpu.memory";

  private KubeFacts() {}

  static NodeFacts node(Node node) {
    Map<String, String> labels = labels(node.getMetadata().getLabels());
    int gpus = 0;
    boolean ready = false;
    if (node.getStatus() != null) {
      gpus = quantity(node.getStatus().getAllocatable(), GPU_RESOURCE);
      if (node.getStatus().getConditions() != null) {
        for (NodeCondition c : node.getStatus().getConditions()) {
          if ("Ready".equals(c.getType())) {
            ready = "True".equals(c.getStatus());
          }
        }
      }
    }
    boolean cordoned =
        node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    return new NodeFacts(
        node.getMetadata().getName(),
        labels.getOrDefault(GPU_PRODUCT_LABEL, ""),
        parseLong(labels.get(GPU_MEMORY_LABEL)),
        gpus,
        ready,
        cordoned);
  }

  static PodFacts pod(Pod pod) {
    PodSpec spec = pod.getSpec();
    String nodeName = spec == null || spec.getNodeName() == null ? "" : spec.getNodeName();
    String phase = "Unknown";
    boolean ready = false;
    int restarts = 0;
    if (pod.getStatus() != null) {
      if (pod.getStatus().getPhase() != null) {
        phase = pod.getStatus().getPhase();
      }
      if (pod.getStatus().getConditions() != null) {
        for (PodCondition c : pod.getStatus().getConditions()) {
          if ("Ready".equals(c.getType())) {
            ready = "True".equals(c.getStatus());
          }
        }
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
          restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
        }
      }
    }
    return new PodFacts(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        nodeName,
        phase,
        ready,
        gpuRequest(spec),
        restarts,
        labels(pod.getMetadata().getLabels()));
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
        servedModel);
  }

  /**
   * The model a server was started with: {@code --model X}, {@code --model=X} or {@code serve X}.
   */
  static String servedModel(List<String> words) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equals("--model") || w.equals("--model-id") || w.equals("--model-path"))
          && i + 1 < words.size()) {
        return words.get(i + 1);
      }
      if (w.startsWith("--model=") || w.startsWith("--model-id=")) {
        return w.substring(w.indexOf('=') + 1);
      }
      if (w.equals("serve") && i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
        return words.get(i + 1);
      }
    }
    return "";
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
