package dev.fleetscope.services.slo;

/**
 * Events counted over one window, as {@code increase()} over that window gives them: how many were
 * measured and how many of those were bad. {@code covered} is the part of the window that has data
 * (1 when the whole window does); less than 1 means the window is only partly filled, for example
 * right after an SLO was created.
 */
public record WindowCounts(double total, double errors, double covered) {

  public static final WindowCounts NONE = new WindowCounts(0, 0, 0);

  public WindowCounts(double total, double errors) {
    this(total, errors, 1);
  }

  /**
   * The share of bad events, clamped to [0, 1] because separately extrapolated counters can put
   * errors slightly above total; NaN when nothing was measured.
   */
  public double errorRatio() {
    if (!(total > 0) || Double.isNaN(errors)) {
      return Double.NaN;
    }
    return Math.min(1, Math.max(0, errors / total));
  }

  public boolean hasTraffic() {
    return total > 0;
  }
}
