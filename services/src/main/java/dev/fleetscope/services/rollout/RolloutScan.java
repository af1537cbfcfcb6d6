package dev.fleetscope.services.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one read of one cluster found: its Rollouts, the analysis runs of each (by {@link
 * Rollout#key()}, newest first), and what could not be read.
 *
 * @param installed false when the cluster has no Argo Rollouts CRD
 */
public record RolloutScan(
    String context,
    Instant at,
    boolean installed,
    List<Rollout> rollouts,
    Map<String, List<AnalysisRun>> analysisRuns,
    List<String> problems) {
  public RolloutScan {
    rollouts = List.copyOf(rollouts);
    analysisRuns = Map.copyOf(analysisRuns);
    problems = List.copyOf(problems);
  }

  public List<AnalysisRun> runsOf(Rollout r) {
    return analysisRuns.getOrDefault(r.key(), List.of());
  }
}
