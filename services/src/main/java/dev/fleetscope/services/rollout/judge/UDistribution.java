package dev.fleetscope.services.rollout.judge;

/**
 * The exact null distribution of the Mann-Whitney U for sample sizes m and n without ties: the
 * number of arrangements giving each U are the coefficients of the Gaussian binomial coefficient
 * [m+n choose n] in q, built as a product of factors (1 - q^(m+i)) / (1 - q^i), i = 1..n.
 */
final class UDistribution {
  private final double[] cumulative;

  UDistribution(int m, int n) {
    int max = m * n;
    // Room for the product's intermediate degree before each division brings it back down.
    double[] c = new double[max + m + n + 2];
    c[0] = 1;
    int degree = 0;
    for (int i = 1; i <= n; i++) {
      int k = m + i;
      for (int j = degree + k; j >= k; j--) {
        c[j] -= c[j - k];
      }
      degree += k;
      for (int j = i; j <= degree; j++) {
        c[j] += c[j - i];
      }
      degree -= i;
    }
    double total = 0;
    for (int u = 0; u <= max; u++) {
      total += c[u];
    }
    cumulative = new double[max + 1];
    double running = 0;
    for (int u = 0; u <= max; u++) {
      running += c[u];
      cumulative[u] = running / total;
    }
  }

  /** P(U ≤ u). */
  double atMost(long u) {
    if (u < 0) {
      return 0;
    }
    if (u >= cumulative.length) {
      return 1;
    }
    return cumulative[(int) u];
  }

  /** The smallest u with P(U ≤ u) ≥ p. */
  long quantile(double p) {
    for (int u = 0; u < cumulative.length; u++) {
      if (cumulative[u] >= p - 1e-12) {
        return u;
      }
    }
    return cumulative.length - 1;
  }

  /**
   * The largest u whose two-sided tail stays within alpha, i.e. P(U ≤ u) ≤ alpha / 2: the critical
   * value the printed Mann-Whitney tables list; -1 when none does.
   */
  long criticalValue(double alpha) {
    long u = -1;
    for (int v = 0; v < cumulative.length; v++) {
      if (cumulative[v] <= alpha / 2 + 1e-12) {
        u = v;
      } else {
        break;
      }
    }
    return u;
  }
}
