package dev.fleetscope.services.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the Gray releases section shows at one moment: each cluster's scan, the canary
 * analysis of each Rollout in flight (by {@link Rollout#key()}), and where the numbers came from.
 *
 * @param now the time pause countdowns are read against (simulated time on the demo fleet)
 */
public record RolloutBoard(
    Instant at,
    Instant now,
    List<RolloutScan> scans,
    Map<String, CanaryReport> reports,
    String metricsSource,
    List<String> problems) {

  public RolloutBoard {
    scans = List.copyOf(scans);
    reports = Map.copyOf(reports);
    problems = List.copyOf(problems);
  }

  public static RolloutBoard empty(String why) {
    return new RolloutBoard(
        null, null, List.of(), Map.of(), "", why.isEmpty() ? List.of() : List.of(why));
  }

  public List<Rollout> rollouts() {
    List<Rollout> out = new ArrayList<>();
    scans.forEach(s -> out.addAll(s.rollouts()));
    return out;
  }

  /** Flagger Canaries and Deployment pairs of every cluster, shown but not driven. */
  public List<WatchedRelease> watched() {
    List<WatchedRelease> out = new ArrayList<>();
    scans.forEach(s -> out.addAll(s.watched()));
    return out;
  }

  public List<AnalysisRun> runsOf(Rollout r) {
    for (RolloutScan s : scans) {
      if (s.context().equals(r.context())) {
        return s.runsOf(r);
      }
    }
    return List.of();
  }
}
