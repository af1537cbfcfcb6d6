package dev.fleetscope.services.slo;

import dev.fleetscope.services.common.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The port the SLO panels read: the current board, a change signal, and the history behind one
 * SLO's detail view. Implemented over Prometheus and over the demo fleet's own series store.
 */
public interface SloSource {

  SloBoard current();

  Subscription subscribe(Runnable onChange);

  /** Asks for a refresh now (F5); the board changes when it is done. */
  void refreshNow();

  /**
   * Error budget remaining, burn rate and RED series of one SLO over a time range, for the detail
   * view's charts. Blocks; call it off the FX thread.
   */
  SloHistory history(SloSpec spec, Instant from, Instant to, int points);

  /** The instant panels are evaluated at: now, or the fixed time given by {@code --at}. */
  Instant evaluationTime();

  /** One named series over time, as a chart draws it. */
  record Line(String name, long[] timesMillis, double[] values) {}

  /** The charts of one SLO detail view. */
  record SloHistory(
      List<Line> budgetRemaining,
      List<Line> burnRate,
      List<Line> requests,
      List<Line> errors,
      List<Line> latency,
      Duration step,
      List<String> warnings) {}
}
