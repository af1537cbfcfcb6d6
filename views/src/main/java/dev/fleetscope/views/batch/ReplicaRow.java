package dev.fleetscope.views.batch;

import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.ReplicaKey;
import dev.fleetscope.services.batch.ReplicaState;
import dev.fleetscope.services.batch.Saturation;
import dev.fleetscope.views.widgets.Badge;
import dev.fleetscope.views.widgets.Spark;

/**
 * A row of the replicas table: a replica's state (null when it was never read) and why its last
 * scrape failed (empty when it did not).
 */
public record ReplicaRow(ReplicaKey key, ReplicaState state, String failure) {

  public Badge badge() {
    if (!failure.isEmpty()) {
      return new Badge("scrape failed", Badge.Severity.DANGER);
    }
    return switch (state.verdict().level()) {
      case SATURATED -> new Badge("saturated", Badge.Severity.DANGER);
      case WARNING -> new Badge("warning", Badge.Severity.WARNING);
      case OK -> new Badge("ok", Badge.Severity.OK);
    };
  }

  /** Saturated first, then warnings, then failures, then the rest. */
  public int urgency() {
    if (state != null && state.verdict().level() == Saturation.Level.SATURATED) {
      return 0;
    }
    if (state != null && state.verdict().level() == Saturation.Level.WARNING) {
      return 1;
    }
    return failure.isEmpty() ? 3 : 2;
  }

  public String reason() {
    if (!failure.isEmpty()) {
      return failure;
    }
    return state.verdict().reason();
  }

  public Double figure(Figure f) {
    if (state == null) {
      return null;
    }
    double v = state.figure(f);
    if (Double.isNaN(v)) {
      return null;
    }
    double a = Math.abs(v);
    double scale = a >= 100 ? 1 : a >= 10 ? 10 : a >= 1 ? 100 : 1000;
    return Math.round(v * scale) / scale;
  }

  public Spark waitingSpark() {
    return state == null ? null : new Spark(state.recentWaiting(), "");
  }

  public Spark kvSpark() {
    return state == null ? null : new Spark(state.recentKv(), "%");
  }

  public String model() {
    return state == null ? "" : state.model();
  }

  public String engine() {
    return state == null ? "" : state.engine().label();
  }
}
