package dev.fleetscope.services.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's pods by namespace, label key and label value, so that matching every workload's
 * selector looks only at the pods carrying its rarest label instead of every pod of its namespace
 * (200 workloads over 10,000 pods: about 10,000 checks instead of a million).
 */
final class PodLabelIndex {
  private final Map<String, Map<String, Map<String, List<PodFacts>>>> byNamespace = new HashMap<>();

  PodLabelIndex(List<PodFacts> pods) {
    for (PodFacts pod : pods) {
      Map<String, Map<String, List<PodFacts>>> byKey =
          byNamespace.computeIfAbsent(pod.namespace(), n -> new HashMap<>());
      for (Map.Entry<String, String> label : pod.labels().entrySet()) {
        byKey
            .computeIfAbsent(label.getKey(), k -> new HashMap<>())
            .computeIfAbsent(label.getValue(), v -> new ArrayList<>())
            .add(pod);
      }
    }
  }

  /** The pods the workload selects, in the order they were given. */
  List<PodFacts> selectedBy(WorkloadFacts workload) {
    Map<String, Map<String, List<PodFacts>>> byKey = byNamespace.get(workload.namespace());
    if (byKey == null || workload.selector().isEmpty()) {
      return List.of();
    }
    List<PodFacts> rarest = null;
    for (Map.Entry<String, String> e : workload.selector().entrySet()) {
      List<PodFacts> carrying =
          byKey.getOrDefault(e.getKey(), Map.of()).getOrDefault(e.getValue(), List.of());
      if (rarest == null || carrying.size() < rarest.size()) {
        rarest = carrying;
      }
    }
    List<PodFacts> selected = new ArrayList<>(rarest.size());
    for (PodFacts pod : rarest) {
      if (workload.selects(pod)) {
        selected.add(pod);
      }
    }
    return selected;
  }
}
