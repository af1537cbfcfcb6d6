package dev.fleetscope.services.ebpf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a traced PID or cgroup id to the container and pod it belongs to: the cgroup path (from the
 * cgroup id, else {@code /proc/PID/cgroup} on the traced host) names the pod UID and the container
 * ID, as the kubelet lays cgroups out with either cgroup driver; the cluster's pods say which pod
 * has that UID and which container that ID. Results are cached per cgroup and per PID.
 */
public final class PodAttribution {
  /** Who a process belongs to. {@code pod} is empty for a process outside any pod. */
  public record Owner(String namespace, String pod, String container, String cgroupPath) {
    public static final Owner UNKNOWN = new Owner("", "", "", "");

    public boolean inPod() {
      return !pod.isEmpty();
    }
  }

  /** One pod as the API server lists it: its UID and its containers' IDs (without runtime://). */
  public record PodContainers(
      String namespace, String name, String uid, Map<String, String> containerNamesById) {
    public PodContainers {
      containerNamesById = Map.copyOf(containerNamesById);
    }
  }

  /** What the traced host knows of its processes and cgroups. */
  public interface ProcessTable {
    /** The cgroup v2 path of a process (the unified line of /proc/PID/cgroup). */
    Optional<String> cgroupOf(int pid);

    /** The path of the cgroup with this id (its directory's inode number under cgroupfs). */
    Optional<String> cgroupPath(long cgroupId);

    /** Looks these up in one go, where one lookup is a round trip (a node's, through exec). */
    default void prefetch(java.util.Collection<Integer> pids) {}
  }

  // pod<uid>, with '-' (cgroupfs driver) or '_' (systemd driver) between the groups.
  private static final Pattern POD_UID =
      Pattern.compile(
          "pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})");
  private static final Pattern CONTAINER_ID =
      Pattern.compile("(?:^|[/-])([0-9a-f]{64})(?:\\.scope)?$");

  /** Attributes nothing: for streams from elsewhere (recordings), whose processes are not here. */
  public static PodAttribution none() {
    return new PodAttribution(
        new ProcessTable() {
          @Override
          public Optional<String> cgroupOf(int pid) {
            return Optional.empty();
          }

          @Override
          public Optional<String> cgroupPath(long cgroupId) {
            return Optional.empty();
          }
        },
        List::of);
  }

  private final ProcessTable processes;
  private final Supplier<List<PodContainers>> pods;
  private final Map<Long, Owner> byCgroup = new ConcurrentHashMap<>();
  private final Map<Integer, Owner> byPid = new ConcurrentHashMap<>();

  /**
   * @param pods the traced node's pods (or all the cluster's), asked again on a miss
   */
  public PodAttribution(ProcessTable processes, Supplier<List<PodContainers>> pods) {
    this.processes = processes;
    this.pods = pods;
  }

  /** Prepares {@link #owner} for these processes (one round trip for all that are not known). */
  public void prefetch(java.util.Collection<Integer> pids) {
    java.util.List<Integer> unknown = new java.util.ArrayList<>();
    for (int pid : pids) {
      if (pid > 0 && !byPid.containsKey(pid)) {
        unknown.add(pid);
      }
    }
    if (!unknown.isEmpty()) {
      processes.prefetch(unknown);
    }
  }

  /** The owner of an event's process: by cgroup id when the event has one, else by PID. */
  public Owner owner(int pid, long cgroupId) {
    if (cgroupId > 1) {
      Owner o = byCgroup.get(cgroupId);
      if (o == null) {
        o = processes.cgroupPath(cgroupId).map(this::resolve).orElse(Owner.UNKNOWN);
        if (byCgroup.size() < 100_000) {
          byCgroup.put(cgroupId, o);
        }
      }
      if (o.inPod() || pid <= 0) {
        return o;
      }
    }
    if (pid <= 0) {
      return Owner.UNKNOWN;
    }
    Owner o = byPid.get(pid);
    if (o == null) {
      o = processes.cgroupOf(pid).map(this::resolve).orElse(Owner.UNKNOWN);
      if (byPid.size() < 100_000) {
        byPid.put(pid, o);
      }
    }
    return o;
  }

  /** The owner of a cgroup path. */
  public Owner resolve(String cgroupPath) {
    String uid = podUid(cgroupPath).orElse("");
    String cid = containerId(cgroupPath).orElse("");
    if (uid.isEmpty() && cid.isEmpty()) {
      return new Owner("", "", "", cgroupPath);
    }
    for (PodContainers p : pods.get()) {
      if ((!uid.isEmpty() && p.uid().equals(uid))
          || (!cid.isEmpty() && p.containerNamesById().containsKey(cid))) {
        return new Owner(
            p.namespace(), p.name(), p.containerNamesById().getOrDefault(cid, ""), cgroupPath);
      }
    }
    return new Owner("", "", "", cgroupPath);
  }

  /** The pod UID a kubelet cgroup path names, with dashes. */
  public static Optional<String> podUid(String cgroupPath) {
    Matcher m = POD_UID.matcher(cgroupPath);
    return m.find() ? Optional.of(m.group(1).replace('_', '-')) : Optional.empty();
  }

  /** The container ID at the end of a path (cri-containerd-ID.scope, crio-ID.scope, .../ID). */
  public static Optional<String> containerId(String cgroupPath) {
    Matcher m = CONTAINER_ID.matcher(cgroupPath);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** A container ID as a pod's status writes it ({@code containerd://ID}), without the scheme. */
  public static String bareContainerId(String statusId) {
    int i = statusId.indexOf("://");
    return i < 0 ? statusId : statusId.substring(i + 3);
  }
}
