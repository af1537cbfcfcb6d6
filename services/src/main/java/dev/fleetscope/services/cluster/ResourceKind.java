package dev.fleetscope.services.cluster;

import java.util.Locale;

/**
 * The kinds the console watches in every cluster. Rollouts and LeaderWorkerSets are custom
 * resources: they are watched only where their CRD is installed.
 *
 * @param group API group ("" for the core group)
 * @param version API version within the group
 * @param plural resource name as RBAC and the API paths spell it
 * @param custom true for custom resources, which may be absent from a cluster
 */
public enum ResourceKind {
  NODES("Node", "", "v1", "nodes", false, false),
  PODS("Pod", "", "v1", "pods", true, false),
  DEPLOYMENTS("Deployment", "apps", "v1", "deployments", true, false),
  STATEFULSETS("StatefulSet", "apps", "v1", "statefulsets", true, false),
  ROLLOUTS("Rollout", "argoproj.io", "v1alpha1", "rollouts", true, true),
  LEADERWORKERSETS(
      "LeaderWorkerSet", "leaderworkerset.x-k8s.io", "v1", "leaderworkersets", true, true);

  private final String kind;
  private final String group;
  private final String version;
  private final String plural;
  private final boolean namespaced;
  private final boolean custom;

  ResourceKind(
      String kind,
      String group,
      String version,
      String plural,
      boolean namespaced,
      boolean custom) {
    this.kind = kind;
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.namespaced = namespaced;
    this.custom = custom;
  }

  public String kind() {
    return kind;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String plural() {
    return plural;
  }

  public boolean namespaced() {
    return namespaced;
  }

  public boolean custom() {
    return custom;
  }

  /** {@code apps/v1}, {@code v1}: the apiVersion of objects of this kind. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code rollouts.argoproj.io}: the CRD name, or the plural for built-in kinds. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The kind of a workload by its {@link #kind()} name, e.g. "Rollout". */
  public static ResourceKind ofKind(String kind) {
    for (ResourceKind k : values()) {
      if (k.kind.equals(kind)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  @Override
  public String toString() {
    return plural.toLowerCase(Locale.ROOT);
  }
}
