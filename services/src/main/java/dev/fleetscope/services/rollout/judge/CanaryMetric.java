package dev.fleetscope.services.rollout.judge;

import java.util.Locale;

/**
 * One metric the canary is judged on.
 *
 * @param name what the user reads, e.g. "TTFT p95"
 * @param unit how values print
 * @param bad which way a shift counts against the canary
 * @param critical a failure of this metric fails the whole canary (score 0)
 * @param weight share of the score
 */
public record CanaryMetric(String name, Unit unit, Bad bad, boolean critical, double weight) {

  /** Which direction of change fails the metric (Kayenta's "direction"). */
  public enum Bad {
    /** Higher on the canary fails (errors, latency). */
    HIGHER,
    /** Lower on the canary fails (success rate, throughput). */
    LOWER,
    /** Any significant change fails. */
    EITHER;

    boolean fails(Classification c) {
      return switch (this) {
        case HIGHER -> c == Classification.HIGH;
        case LOWER -> c == Classification.LOW;
        case EITHER -> c == Classification.HIGH || c == Classification.LOW;
      };
    }
  }

  /** How a metric's values are written. */
  public enum Unit {
    PERCENT,
    SECONDS,
    PER_SECOND;

    public String format(double v) {
      if (Double.isNaN(v)) {
        return "–";
      }
      return switch (this) {
        case PERCENT -> String.format(Locale.ROOT, "%.2f%%", v * 100);
        case SECONDS ->
            Math.abs(v) < 1
                ? String.format(Locale.ROOT, "%.0f ms", v * 1000)
                : String.format(Locale.ROOT, "%.2f s", v);
        case PER_SECOND -> String.format(Locale.ROOT, "%.1f/s", v);
      };
    }

    /** A shift between two values, signed. */
    public String formatShift(double v) {
      if (Double.isNaN(v)) {
        return "–";
      }
      String s = format(Math.abs(v));
      if (this == PERCENT) {
        s = String.format(Locale.ROOT, "%.2f pp", Math.abs(v) * 100);
      }
      return (v < 0 ? "−" : "+") + s;
    }
  }

  public CanaryMetric {
    if (weight <= 0) {
      throw new IllegalArgumentException(name + ": weight must be positive");
    }
  }
}
