package dev.fleetscope.services.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one read of one cluster found: its Rollouts, the analysis runs of each (by {@link
 * Rollout#key()}, newest first), the releases it only watches (Flagger Canaries, Deployment pairs),
 * and what could not be read.
 *
 * @param installed false when the cluster has no Argo Rollouts CRD
 */
public record RolloutScan(
    String context,
    Instant at,
    boolean installed,
    List<Rollout> rollouts,
    Map<String, List<AnalysisRun>> analysisRuns,
    List<String> problems,
    List<WatchedRelease> watched) {
  public RolloutScan {
    rollouts = List.copyOf(rollouts);
    analysisRuns = Map.copyOf(analysisRuns);
    problems = List.copyOf(problems);
    watched = List.copyOf(watched);
  }

  /** A scan that found no Flagger Canaries or Deployment pairs. */
  public RolloutScan(
      String context,
      Instant at,
      boolean installed,
      List<Rollout> rollouts,
      Map<String, List<AnalysisRun>> analysisRuns,
      List<String> problems) {
    this(context, at, installed, rollouts, analysisRuns, problems, List.of());
  }

  /** The same scan with the releases the console only watches. */
  public RolloutScan withWatched(List<WatchedRelease> found, List<String> moreProblems) {
    List<String> all = new java.util.ArrayList<>(problems);
    all.addAll(moreProblems);
    return new RolloutScan(context, at, installed, rollouts, analysisRuns, all, found);
  }

  public List<AnalysisRun> runsOf(Rollout r) {
    return analysisRuns.getOrDefault(r.key(), List.of());
  }
}
