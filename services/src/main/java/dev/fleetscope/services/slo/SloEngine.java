package dev.fleetscope.services.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns window event counts into error budgets, burn rates and alert states. Pure arithmetic: the
 * counts come from Prometheus ({@code increase()} over each window) or from the in-memory series
 * store, so the same rules hold whichever source served them.
 *
 * <p>Burn rate over a window is the window's error ratio divided by the error budget (1 -
 * objective): at burn 1 the budget lasts exactly the SLO window.
 */
public final class SloEngine {

  private final AlertPolicy policy;
  private final double minEvents;

  /**
   * @param minEvents the low-traffic guard: a rule whose long window saw fewer events than this
   *     does not fire (the state says LOW_TRAFFIC instead), since a handful of requests make error
   *     ratios jump
   */
  public SloEngine(AlertPolicy policy, double minEvents) {
    this.policy = policy;
    this.minEvents = minEvents;
  }

  public AlertPolicy policy() {
    return policy;
  }

  /**
   * Judges one SLO.
   *
   * @param objective the target good share, e.g. 0.995
   * @param burnWindows the windows to report burn rates for (the policy's are added)
   * @param counts events per window; a window the source could not answer gives {@link
   *     WindowCounts#NONE}
   */
  public SloStatus evaluate(
      double objective,
      Duration sloWindow,
      List<Duration> burnWindows,
      Function<Duration, WindowCounts> counts) {
    if (!(objective > 0 && objective < 1)) {
      throw new IllegalArgumentException("objective must be between 0 and 1: " + objective);
    }
    double budget = 1 - objective;
    Map<Duration, WindowCounts> seen = new LinkedHashMap<>();
    Map<Duration, Double> burns = new LinkedHashMap<>();
    TreeSet<Duration> windows = new TreeSet<>(burnWindows);
    windows.addAll(policy.windows());
    for (Duration w : windows) {
      WindowCounts c = orNone(counts.apply(w));
      seen.put(w, c);
      burns.put(w, c.errorRatio() / budget);
    }
    WindowCounts whole = orNone(counts.apply(sloWindow));
    seen.put(sloWindow, whole);

    double errorRatio = whole.errorRatio();
    double budgetRemaining = 1 - errorRatio / budget;
    List<RuleState> rules = new ArrayList<>();
    for (BurnRule rule : policy.rules()) {
      double longBurn = burns.get(rule.longWindow());
      double shortBurn = burns.get(rule.shortWindow());
      boolean over = longBurn > rule.factor() && shortBurn > rule.factor();
      boolean low = seen.get(rule.longWindow()).total() < minEvents;
      rules.add(new RuleState(rule, longBurn, shortBurn, over, low));
    }
    AlertState state = state(whole, rules);
    double currentBurn = burns.get(policy.rules().get(0).longWindow());
    return new SloStatus(
        objective,
        sloWindow,
        1 - errorRatio,
        1 - seen.get(windows.first()).errorRatio(),
        budgetRemaining,
        burns,
        seen,
        rules,
        state,
        exhaustion(budgetRemaining, currentBurn, sloWindow),
        whole.hasTraffic() ? Math.min(1, whole.covered()) : 0);
  }

  private static AlertState state(WindowCounts whole, List<RuleState> rules) {
    if (!whole.hasTraffic()) {
      return AlertState.NO_DATA;
    }
    if (rules.stream().anyMatch(r -> r.firing() && r.rule().severity() == BurnRule.Severity.PAGE)) {
      return AlertState.PAGE;
    }
    if (rules.stream().anyMatch(RuleState::firing)) {
      return AlertState.TICKET;
    }
    if (rules.stream().anyMatch(r -> r.overThreshold() && r.lowTraffic())) {
      return AlertState.LOW_TRAFFIC;
    }
    return AlertState.OK;
  }

  /**
   * At burn rate b the budget drains b times faster than one SLO window, so what is left (a share r
   * of the budget) lasts r * window / b.
   */
  static Optional<Duration> exhaustion(double budgetRemaining, double burn, Duration sloWindow) {
    if (Double.isNaN(budgetRemaining)) {
      return Optional.empty();
    }
    if (budgetRemaining <= 0) {
      return Optional.of(Duration.ZERO);
    }
    if (!(burn > 0)) {
      return Optional.empty();
    }
    double seconds = budgetRemaining * sloWindow.toSeconds() / burn;
    return Optional.of(Duration.ofSeconds(Math.round(seconds)));
  }

  private static WindowCounts orNone(WindowCounts c) {
    return c == null ? WindowCounts.NONE : c;
  }
}
