package dev.fleetscope.views.widgets;

/** A used / total pair drawn as a bar; sorts by the fraction used. */
public record Usage(long used, long total) implements Comparable<Usage> {

  public double fraction() {
    return total <= 0 ? 0 : Math.min(1, (double) used / total);
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
