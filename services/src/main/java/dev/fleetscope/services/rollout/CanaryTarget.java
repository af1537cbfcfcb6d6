package dev.fleetscope.services.rollout;

/**
 * Which series belong to one version of a workload: those of the namespace whose version label
 * (after Prometheus relabelling, e.g. {@code rollouts_pod_template_hash}) holds the version's hash.
 */
public record CanaryTarget(String cluster, String namespace, String versionLabel) {
  public static final String ROLLOUT_HASH = "rollouts_pod_template_hash";

  public String selector(String version) {
    return "namespace=\"" + namespace + "\"," + versionLabel + "=\"" + version + "\"";
  }
}
