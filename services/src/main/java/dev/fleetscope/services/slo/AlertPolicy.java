package dev.fleetscope.services.slo;

import dev.fleetscope.services.slo.BurnRule.Severity;
import java.time.Duration;
import java.util.List;

/**
 * The set of burn-rate rules an SLO is judged by. Two policies are offered: the Google SRE
 * Workbook's table (chapter "Alerting on SLOs"), whose factors follow from the share of the budget
 * each alert may spend, and Pyrra's, whose factors are fixed and whose windows scale with the SLO
 * window.
 */
public record AlertPolicy(String name, List<BurnRule> rules) {

  public AlertPolicy {
    rules = List.copyOf(rules);
  }

  /**
   * The SRE Workbook's multiwindow, multi-burn-rate alerts. Each rule's factor is the budget share
   * it may consume times the SLO period over its long window: 2% in 1h and 5% in 6h page, 10% in 1d
   * and 10% in 3d open a ticket. For a 30-day SLO this gives the book's 14.4, 6, 3 and 1.
   */
  public static AlertPolicy workbook(Duration sloWindow) {
    return new AlertPolicy(
        "SRE Workbook",
        List.of(
            workbookRule(Severity.PAGE, 0.02, sloWindow, Duration.ofHours(1), minutes(5)),
            workbookRule(Severity.PAGE, 0.05, sloWindow, Duration.ofHours(6), minutes(30)),
            workbookRule(Severity.TICKET, 0.10, sloWindow, Duration.ofDays(1), Duration.ofHours(2)),
            workbookRule(
                Severity.TICKET, 0.10, sloWindow, Duration.ofDays(3), Duration.ofHours(6))));
  }

  /**
   * Pyrra's rules: factors 14, 7, 2 and 1, with windows that are 1h/5m, 6h/30m, 1d/2h and 4d/6h for
   * a 28-day SLO and scale in proportion for other SLO windows (rounded to the minute).
   */
  public static AlertPolicy pyrra(Duration sloWindow) {
    return new AlertPolicy(
        "Pyrra",
        List.of(
            new BurnRule(Severity.PAGE, 14, scaled(sloWindow, 672), scaled(sloWindow, 8064)),
            new BurnRule(Severity.PAGE, 7, scaled(sloWindow, 112), scaled(sloWindow, 1344)),
            new BurnRule(Severity.TICKET, 2, scaled(sloWindow, 28), scaled(sloWindow, 336)),
            new BurnRule(Severity.TICKET, 1, scaled(sloWindow, 7), scaled(sloWindow, 112))));
  }

  /** Every distinct window the rules look at, shortest first. */
  public List<Duration> windows() {
    return rules.stream()
        .flatMap(r -> java.util.stream.Stream.of(r.shortWindow(), r.longWindow()))
        .distinct()
        .sorted()
        .toList();
  }

  private static BurnRule workbookRule(
      Severity severity,
      double budgetShare,
      Duration period,
      Duration longWindow,
      Duration short_) {
    double factor = budgetShare * period.toMillis() / longWindow.toMillis();
    return new BurnRule(severity, factor, longWindow, short_);
  }

  /** The SLO window divided by {@code divisor}, rounded to the nearest minute (at least one). */
  static Duration scaled(Duration sloWindow, long divisor) {
    long minutes = Math.round(sloWindow.toMillis() / (double) divisor / 60_000.0);
    return Duration.ofMinutes(Math.max(1, minutes));
  }

  private static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }
}
