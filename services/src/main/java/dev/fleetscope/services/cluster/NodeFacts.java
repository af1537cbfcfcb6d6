package dev.fleetscope.services.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the console knows of a node, taken from its labels (GPU Feature Discovery), spec and status.
 *
 * @param gpuProduct {@code nvidia.com/gpu.product} label, or empty when the node has no GPUs
 * @param gpuMemoryMiB {@code nvidia.com/gpu.memory} label (MiB per GPU), or 0
 * @param gpuCountLabel {@code nvidia.com/gpu.count} label, or 0
 * @param allocatableGpus allocatable {@code nvidia.com/gpu}
 * @param sharedGpus allocatable {@code nvidia.com/gpu.shared} (time-slicing replicas), or 0
 * @param migDevices allocatable MIG devices by resource ({@code nvidia.com/mig-1g.10gb} → 7)
 * @param problems conditions that are not as they should be (e.g. "Ready=False: KubeletNotReady",
 *     "MemoryPressure")
 * @param taints {@code key=value:Effect}
 * @param created creation time, or null when unknown
 */
public record NodeFacts(
    String name,
    String gpuProduct,
    long gpuMemoryMiB,
    int gpuCountLabel,
    int allocatableGpus,
    int sharedGpus,
    Map<String, Integer> migDevices,
    boolean ready,
    boolean cordoned,
    List<String> problems,
    List<String> taints,
    String kubeletVersion,
    Instant created) {

  public NodeFacts {
    migDevices = Map.copyOf(migDevices);
    problems = List.copyOf(problems);
    taints = List.copyOf(taints);
  }

  /** A node with only the fields the overview needs (tests, simple sources). */
  public static NodeFacts basic(
      String name,
      String gpuProduct,
      long gpuMemoryMiB,
      int allocatableGpus,
      boolean ready,
      boolean cordoned) {
    return new NodeFacts(
        name,
        gpuProduct,
        gpuMemoryMiB,
        allocatableGpus,
        allocatableGpus,
        0,
        Map.of(),
        ready,
        cordoned,
        List.of(),
        List.of(),
        "",
        null);
  }

  public boolean hasGpus() {
    return allocatableGpus > 0;
  }

  public int migTotal() {
    return migDevices.values().stream().mapToInt(Integer::intValue).sum();
  }
}
