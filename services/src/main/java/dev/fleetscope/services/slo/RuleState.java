package dev.fleetscope.services.slo;

/**
 * One burn-rate rule evaluated: the burn over its long and short windows, whether both exceed the
 * factor, and whether the long window's traffic was too low for the rule to be trusted.
 */
public record RuleState(
    BurnRule rule, double longBurn, double shortBurn, boolean overThreshold, boolean lowTraffic) {

  /** The rule fires: both windows over the factor, with enough events behind them. */
  public boolean firing() {
    return overThreshold && !lowTraffic;
  }
}
