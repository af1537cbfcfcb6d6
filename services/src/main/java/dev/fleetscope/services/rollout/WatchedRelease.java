package dev.fleetscope.services.rollout;

import java.time.Instant;

/**
 * A progressive release the console shows but does not drive: a Flagger Canary, or a pair of plain
 * Deployments of one app told apart by a version label. No action is offered on these.
 *
 * @param phase Flagger's phase, or "Split" / "Single version" for a Deployment pair
 * @param canaryWeight percent of traffic on the new version (Flagger's {@code canaryWeight}; for a
 *     Deployment pair the new version's share of ready replicas)
 * @param failedChecks Flagger's failed checks, -1 when not applicable
 * @param threshold Flagger's {@code analysis.threshold} (checks allowed to fail), -1 when unknown
 * @param iterations Flagger's iterations, -1 when not applicable
 * @param detail what is compared: the target and its primary, or each version's ready replicas
 * @param message the latest condition's message, or ""
 * @param since when the phase last changed, or null
 */
public record WatchedRelease(
    String context,
    String namespace,
    String name,
    Source source,
    String phase,
    int canaryWeight,
    int failedChecks,
    int threshold,
    int iterations,
    String detail,
    String message,
    Instant since) {

  /** Where a watched release comes from. */
  public enum Source {
    FLAGGER("Flagger Canary"),
    DEPLOYMENTS("Deployment pair");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public String key() {
    return context + "/" + namespace + "/" + name;
  }

  /** "2 / 5" (failed of allowed), or "" when not applicable. */
  public String checks() {
    if (failedChecks < 0) {
      return "";
    }
    return threshold < 0 ? Integer.toString(failedChecks) : failedChecks + " / " + threshold;
  }
}
