package dev.fleetscope.views.widgets;

/**
 * A used / total pair drawn as a bar; sorts by the fraction. What a full bar means depends on the
 * quantity: for a load (GPUs allocated) full is a warning, for readiness (replicas ready) full is
 * good and anything less is not.
 */
public record Usage(long used, long total, Meaning meaning) implements Comparable<Usage> {

  /** How to colour the bar. */
  public enum Meaning {
    LOAD,
    READINESS
  }

  public static Usage load(long used, long total) {
    return new Usage(used, total, Meaning.LOAD);
  }

  public static Usage readiness(long ready, long desired) {
    return new Usage(ready, desired, Meaning.READINESS);
  }

  public double fraction() {
    return total <= 0 ? 0 : Math.min(1, (double) used / total);
  }

  /** The style class of the bar's fill. */
  public String fillStyle() {
    if (meaning == Meaning.READINESS) {
      if (total > 0 && used >= total) {
        return "usage-good";
      }
      return used == 0 && total > 0 ? "usage-bad" : "usage-warn";
    }
    return fraction() >= 0.9 ? "usage-warn" : "usage-load";
  }

  @Override
  public int compareTo(Usage o) {
    return Double.compare(fraction(), o.fraction());
  }

  @Override
  public String toString() {
    return used + " / " + total;
  }
}
