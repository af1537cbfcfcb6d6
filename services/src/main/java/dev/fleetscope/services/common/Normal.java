package dev.fleetscope.services.common;

/** The standard normal distribution, for the demo's latency model and the canary judgment. */
public final class Normal {
  private Normal() {}

  /** The distribution function (Abramowitz and Stegun 26.2.17, absolute error below 1e-7). */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 1 - cdf(-x);
    }
    double t = 1 / (1 + 0.2316419 * x);
    double poly =
        t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return 1 - Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
  }

  /**
   * The quantile function, by bisection on {@link #cdf}: called a few times per judgment, so
   * exactness to the cdf's own precision matters more than speed.
   */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a probability strictly between 0 and 1, not " + p);
    }
    double lo = -40;
    double hi = 40;
    for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
