package dev.fleetscope.services.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscope.services.slo.BurnRule.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SloEngineTest {
  private static final Duration D30 = Duration.ofDays(30);
  private static final Duration D28 = Duration.ofDays(28);

  @Test
  void workbookFactorsForThirtyDaysAreTheBooksTable() {
    List<BurnRule> rules = AlertPolicy.workbook(D30).rules();
    assertRule(rules.get(0), Severity.PAGE, 14.4, Duration.ofHours(1), Duration.ofMinutes(5));
    assertRule(rules.get(1), Severity.PAGE, 6, Duration.ofHours(6), Duration.ofMinutes(30));
    assertRule(rules.get(2), Severity.TICKET, 3, Duration.ofDays(1), Duration.ofHours(2));
    assertRule(rules.get(3), Severity.TICKET, 1, Duration.ofDays(3), Duration.ofHours(6));
  }

  @Test
  void workbookFactorsFollowTheBudgetShareForOtherPeriods() {
    // 2% of a 28-day budget spent in one hour: 0.02 * 672 h / 1 h.
    assertEquals(13.44, AlertPolicy.workbook(D28).rules().get(0).factor(), 1e-9);
  }

  @Test
  void pyrraWindowsScaleWithTheSloWindow() {
    List<BurnRule> rules = AlertPolicy.pyrra(D28).rules();
    assertRule(rules.get(0), Severity.PAGE, 14, Duration.ofHours(1), Duration.ofMinutes(5));
    assertRule(rules.get(1), Severity.PAGE, 7, Duration.ofHours(6), Duration.ofMinutes(30));
    assertRule(rules.get(2), Severity.TICKET, 2, Duration.ofDays(1), Duration.ofHours(2));
    assertRule(rules.get(3), Severity.TICKET, 1, Duration.ofDays(4), Duration.ofHours(6));
    // A 7-day SLO: 1h/4 = 15m long, 5m/4 = 75s, rounded to the minute.
    BurnRule fast = AlertPolicy.pyrra(Duration.ofDays(7)).rules().get(0);
    assertEquals(Duration.ofMinutes(15), fast.longWindow());
    assertEquals(Duration.ofMinutes(1), fast.shortWindow());
  }

  @Test
  void burnRateAboveFastThresholdOnBothWindowsPages() {
    // Objective 99.9%: budget 0.1%; 2% errors burn at 20x, above 14.4.
    SloStatus s = evaluate(0.999, Map.of(h(1), counts(10_000, 200), m(5), counts(1_000, 20)));
    assertEquals(20, s.burnRate(h(1)), 1e-9);
    assertEquals(AlertState.PAGE, s.state());
    assertTrue(s.rules().get(0).firing());
  }

  @Test
  void fastBurnThatStoppedDoesNotPage() {
    // The hour still burns at 20x, but the last 5 minutes are clean: the short window resets it.
    SloStatus s = evaluate(0.999, Map.of(h(1), counts(10_000, 200), m(5), counts(1_000, 0)));
    assertFalse(s.rules().get(0).firing());
    assertEquals(AlertState.OK, s.state());
  }

  @Test
  void slowBurnOverADayOpensATicket() {
    SloStatus s = evaluate(0.99, Map.of(d(1), counts(100_000, 4_000), h(2), counts(10_000, 400)));
    assertEquals(4, s.burnRate(d(1)), 1e-9);
    assertEquals(AlertState.TICKET, s.state());
  }

  @Test
  void noTrafficIsNoDataNotAHealthySlo() {
    SloStatus s = evaluate(0.99, Map.of());
    assertEquals(AlertState.NO_DATA, s.state());
    assertTrue(Double.isNaN(s.budgetRemaining()));
    assertTrue(Double.isNaN(s.burnRate(h(1))));
    assertEquals(Optional.empty(), s.timeToExhaustion());
  }

  @Test
  void fewEventsDoNotPageButSayLowTraffic() {
    SloEngine engine = new SloEngine(AlertPolicy.workbook(D30), 100);
    Map<Duration, WindowCounts> c = new HashMap<>(fill(counts(50, 10)));
    SloStatus s = engine.evaluate(0.999, D30, List.of(), w -> c.get(w));
    assertTrue(s.rules().get(0).overThreshold());
    assertTrue(s.rules().get(0).lowTraffic());
    assertEquals(AlertState.LOW_TRAFFIC, s.state());
  }

  @Test
  void nanCountsAreTreatedAsNoData() {
    SloStatus s =
        evaluate(
            0.99, Map.of(h(1), new WindowCounts(Double.NaN, 3), m(5), counts(100, Double.NaN)));
    assertTrue(Double.isNaN(s.burnRate(h(1))));
    assertTrue(Double.isNaN(s.burnRate(m(5))));
    assertFalse(s.rules().get(0).overThreshold());
  }

  @Test
  void errorsAboveTotalFromExtrapolationAreClampedToAllBad() {
    assertEquals(1.0, new WindowCounts(100, 100.4).errorRatio(), 0);
  }

  @Test
  void budgetRemainingAndTimeToExhaustionFollowTheCurrentBurn() {
    // 99% over 30d: 0.5% errors over the window spend half the budget; burning at 2x over the
    // last hour, the remaining half lasts 0.5 * 30d / 2 = 7.5 days.
    Map<Duration, WindowCounts> c = new HashMap<>();
    c.put(D30, counts(1_000_000, 5_000));
    c.put(h(1), counts(10_000, 200));
    SloStatus s =
        new SloEngine(AlertPolicy.workbook(D30), 0).evaluate(0.99, D30, List.of(), c::get);
    assertEquals(0.5, s.budgetRemaining(), 1e-9);
    assertEquals(0.995, s.sliOverWindow(), 1e-12);
    assertEquals(Optional.of(Duration.ofHours(180)), s.timeToExhaustion());
  }

  @Test
  void overspentBudgetIsNegativeAndAlreadyExhausted() {
    Map<Duration, WindowCounts> c = Map.of(D30, counts(1_000, 30));
    SloStatus s =
        new SloEngine(AlertPolicy.workbook(D30), 0).evaluate(0.99, D30, List.of(), c::get);
    assertEquals(-2, s.budgetRemaining(), 1e-9);
    assertEquals(Optional.of(Duration.ZERO), s.timeToExhaustion());
  }

  @Test
  void partlyFilledWindowReportsItsCoverage() {
    Map<Duration, WindowCounts> c = Map.of(D30, new WindowCounts(1_000, 1, 0.25));
    SloStatus s =
        new SloEngine(AlertPolicy.workbook(D30), 0).evaluate(0.99, D30, List.of(), c::get);
    assertEquals(0.25, s.coverage(), 0);
    assertEquals(0.9, s.budgetRemaining(), 1e-9);
  }

  @Test
  void burnRatesAreReportedForEveryRequestedWindowShortestFirst() {
    SloEngine engine = new SloEngine(AlertPolicy.workbook(D30), 0);
    SloStatus s = engine.evaluate(0.99, D30, List.of(m(30), h(2)), w -> counts(100, 1));
    assertEquals(
        List.of(m(5), m(30), h(1), h(2), h(6), d(1), d(3)), List.copyOf(s.burnRates().keySet()));
    s.burnRates().values().forEach(b -> assertEquals(1, b, 1e-9));
  }

  private static SloStatus evaluate(double objective, Map<Duration, WindowCounts> counts) {
    Map<Duration, WindowCounts> all = new HashMap<>(counts);
    all.putIfAbsent(D30, counts(1_000_000, 0));
    if (counts.isEmpty()) {
      all.clear();
    }
    return new SloEngine(AlertPolicy.workbook(D30), 0)
        .evaluate(objective, D30, List.of(), w -> all.getOrDefault(w, WindowCounts.NONE));
  }

  private static Map<Duration, WindowCounts> fill(WindowCounts c) {
    Map<Duration, WindowCounts> all = new HashMap<>();
    for (Duration w : AlertPolicy.workbook(D30).windows()) {
      all.put(w, c);
    }
    all.put(D30, c);
    return all;
  }

  private static void assertRule(
      BurnRule r, Severity severity, double factor, Duration longWindow, Duration shortWindow) {
    assertEquals(severity, r.severity());
    assertEquals(factor, r.factor(), 1e-9);
    assertEquals(longWindow, r.longWindow());
    assertEquals(shortWindow, r.shortWindow());
  }

  private static WindowCounts counts(double total, double errors) {
    return new WindowCounts(total, errors);
  }

  private static Duration m(long n) {
    return Duration.ofMinutes(n);
  }

  private static Duration h(long n) {
    return Duration.ofHours(n);
  }

  private static Duration d(long n) {
    return Duration.ofDays(n);
  }
}
