package dev.fleetscope.views.slo;

import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.slo.SloBoard;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloTrends;
import java.time.Instant;
import java.util.List;

/**
 * What the SLO section reads: one board per SLO source (a cluster's Prometheus, the connected
 * Prometheus, the demo's clusters), each refreshed on its own so one failing source marks only its
 * own SLOs stale. The blocking calls run on the view's I/O executor.
 */
public interface SloSource {
  List<SloBoard> boards();

  /** Fires after any board changes, on a background thread. */
  Subscription subscribe(Runnable onChange);

  void refreshNow();

  /** The multiwindow alert policy the SLOs are judged with. */
  dev.fleetscope.services.slo.SloEvaluator.Policy policy();

  /** Judges every SLO with another alert policy from the next refresh on. */
  void setPolicy(dev.fleetscope.services.slo.SloEvaluator.Policy policy);

  /** The instant SLOs are judged at: now, or the fixed {@code --at} time of an incident review. */
  Instant evaluationTime();

  /**
   * True when {@link #evaluationTime()} is fixed ({@code --at}) rather than following the clock.
   */
  boolean fixedTime();

  /** Budget, requests, errors and latency of one SLO over a range. Blocking. */
  SloTrends trends(SloResult result, Instant from, Instant to, int points);

  /** The SLO judged again with its results split by one more label (e.g. a version). Blocking. */
  List<SloResult> split(SloResult result, String label);
}
