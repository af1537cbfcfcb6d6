package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WatchState;
import dev.fleetscope.views.common.Ages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which clusters and namespace a cluster view shows, and the notices it owes the user about them:
 * an unreachable or stale cluster, a kind the user may not list, a CRD that is not installed.
 */
public final class ClusterScope {
  public static final String ALL_CLUSTERS = "All clusters";
  public static final String ALL_NAMESPACES = "All namespaces";
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private ClusterScope() {}

  public static boolean inScope(String cluster, String selected) {
    return selected == null
        || selected.isEmpty()
        || selected.equals(ALL_CLUSTERS)
        || selected.equals(cluster);
  }

  public static boolean inNamespace(String namespace, String selected) {
    return selected == null
        || selected.isEmpty()
        || selected.equals(ALL_NAMESPACES)
        || selected.equals(namespace);
  }

  public static List<String> clusterChoices(FleetState state) {
    List<String> out = new ArrayList<>();
    out.add(ALL_CLUSTERS);
    state.clusters().forEach(c -> out.add(c.context()));
    return out;
  }

  /** Namespaces that have pods or workloads in the clusters in scope. */
  public static List<String> namespaceChoices(FleetState state, String cluster) {
    Set<String> namespaces = new HashSet<>();
    for (ClusterState c : state.clusters()) {
      if (!inScope(c.context(), cluster)) {
        continue;
      }
      String last = null;
      for (var p : c.pods()) { // in namespace order: one set insert per namespace
        if (!p.namespace().equals(last)) {
          last = p.namespace();
          namespaces.add(last);
        }
      }
      c.workloads().forEach(w -> namespaces.add(w.namespace()));
    }
    List<String> out = new ArrayList<>();
    out.add(ALL_NAMESPACES);
    namespaces.stream().sorted().forEach(out::add);
    return out;
  }

  /**
   * One line per cluster in scope whose data for these kinds is missing or old, e.g. "demo-eu-west:
   * Rollout is not installed (no rollouts.argoproj.io CRD)" or "prod: pods STALE since 10:42:07 (3
   * min ago): watch failed: …".
   */
  public static List<String> notices(
      FleetState state, String cluster, Instant now, ResourceKind... kinds) {
    List<String> out = new ArrayList<>();
    for (ClusterState c : state.clusters()) {
      if (!inScope(c.context(), cluster)) {
        continue;
      }
      ConnectionState connection = c.status().state();
      if (connection == ConnectionState.UNREACHABLE) {
        out.add(c.context() + ": unreachable — " + c.status().cause());
        continue;
      }
      if (connection == ConnectionState.STALE) {
        Instant last = c.status().lastContact();
        out.add(
            c.context()
                + ": STALE data"
                + (last == null
                    ? ""
                    : " from " + CLOCK.format(last) + " (" + Ages.ago(last, now) + ")")
                + " — "
                + c.status().cause());
        continue;
      }
      for (ResourceKind kind : kinds) {
        WatchState w = c.watches().get(kind);
        if (w == null) {
          continue;
        }
        switch (w.health()) {
          case NO_ACCESS, NOT_INSTALLED, FAILED -> out.add(c.context() + ": " + w.detail());
          case STALE ->
              out.add(
                  c.context()
                      + ": "
                      + kind.plural()
                      + " STALE since "
                      + CLOCK.format(w.since())
                      + " ("
                      + Ages.ago(w.since(), now)
                      + "): "
                      + w.detail());
          case LIVE -> {
            if (!w.detail().isEmpty()) {
              out.add(c.context() + ": " + w.detail());
            }
          }
          case SYNCING -> {}
        }
      }
    }
    return out;
  }
}
