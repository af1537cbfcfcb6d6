package dev.fleetscope.services.ebpf.adapter;

import dev.fleetscope.services.ebpf.PodAttribution;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pods of one node (or of the whole cluster) with their UIDs and container IDs, for {@link
 * PodAttribution}. Listed at most every 30 s: attribution asks on every miss.
 */
public final class Fabric8PodDirectory implements Supplier<List<PodAttribution.PodContainers>> {
  private final KubernetesClient client;
  private final String node;
  private List<PodAttribution.PodContainers> cached = List.of();
  private long listedAt;

  /**
   * @param node only this node's pods, or empty for all
   */
  public Fabric8PodDirectory(KubernetesClient client, String node) {
    this.client = client;
    this.node = node;
  }

  @Override
  public synchronized List<PodAttribution.PodContainers> get() {
    if (listedAt != 0 && System.nanoTime() - listedAt < 30_000_000_000L) {
      return cached;
    }
    listedAt = System.nanoTime();
    try {
      // Filtered here rather than with a spec.nodeName field selector, which not every API
      // server implementation (fabric8's mock among them) serves.
      List<PodAttribution.PodContainers> out = new ArrayList<>();
      for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
        if (node.isEmpty() || (p.getSpec() != null && node.equals(p.getSpec().getNodeName()))) {
          out.add(of(p));
        }
      }
      cached = List.copyOf(out);
    } catch (KubernetesClientException e) {
      // keep what was listed before; attribution shows "not in a pod" meanwhile
    }
    return cached;
  }

  static PodAttribution.PodContainers of(Pod p) {
    Map<String, String> ids = new HashMap<>();
    if (p.getStatus() != null) {
      List<ContainerStatus> all = new ArrayList<>();
      if (p.getStatus().getContainerStatuses() != null) {
        all.addAll(p.getStatus().getContainerStatuses());
      }
      if (p.getStatus().getInitContainerStatuses() != null) {
        all.addAll(p.getStatus().getInitContainerStatuses());
      }
      for (ContainerStatus cs : all) {
        if (cs.getContainerID() != null && !cs.getContainerID().isEmpty()) {
          ids.put(PodAttribution.bareContainerId(cs.getContainerID()), cs.getName());
        }
      }
    }
    return new PodAttribution.PodContainers(
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid(),
        ids);
  }
}
