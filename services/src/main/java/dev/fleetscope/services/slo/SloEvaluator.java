package dev.fleetscope.services.slo;

import dev.fleetscope.services.metrics.PromResult;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.SeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Judges a set of SLOs against Prometheus at one instant: one query per window (in parallel), then
 * the {@link SloEngine} per SLO and group. If every window's query fails the whole evaluation
 * throws, so the caller can keep its last good snapshot and mark it stale; if only some fail, the
 * affected windows read as no data and the snapshot says which failed.
 */
public final class SloEvaluator {
  /** The burn windows every SLO reports, whatever its alert policy. */
  public static final List<Duration> STANDARD_BURN_WINDOWS =
      List.of(
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(3));

  /** Which alert policy judges the SLOs. */
  public enum Policy {
    WORKBOOK("SRE Workbook (14.4x/6x/3x/1x)"),
    PYRRA("Pyrra (14x/7x/2x/1x, windows scaled)");

    private final String label;

    Policy(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }

    public AlertPolicy forWindow(Duration sloWindow) {
      return this == WORKBOOK ? AlertPolicy.workbook(sloWindow) : AlertPolicy.pyrra(sloWindow);
    }
  }

  /** Where one window's counts come from: Prometheus, or an in-memory series store. */
  private interface Windows {
    WindowAnswer answer(SloQueryPlan plan, Duration window, Instant at);

    /** The label sets of the series a selector picks (to check bucket boundaries). */
    List<Map<String, String>> series(Selector selector, Instant at);

    String describe();
  }

  /**
   * @param warnings the source's warnings about this window's answer
   * @param specProblems SLOs the source cannot evaluate at all (the same for every window)
   */
  private record WindowAnswer(
      Map<Integer, Map<Map<String, String>, SloQueryPlan.Counts>> counts,
      List<String> warnings,
      List<String> specProblems) {}

  /** A long window's answer kept for later refreshes, keyed by its query. */
  private record Kept(Instant at, WindowAnswer answer) {}

  /** How many long-window answers are kept (one per distinct query: the board's, and splits'). */
  private static final int KEPT_ANSWERS = 16;

  private final Windows windows;
  private final Policy policy;
  private final double minEvents;
  private final Executor parallel;
  private final Duration slowWindowEvery;
  private final Map<String, Kept> kept =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
              return size() > KEPT_ANSWERS;
            }
          });
  private final Set<String> rereading = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public SloEvaluator(PrometheusApi api, Policy policy, double minEvents, Executor parallel) {
    this(
        new Windows() {
          @Override
          public WindowAnswer answer(SloQueryPlan plan, Duration w, Instant at) {
            PromResult<List<PromSample>> r = api.instant(plan.queries().get(w), at);
            return new WindowAnswer(plan.read(r.data()), r.warnings(), List.of());
          }

          @Override
          public List<Map<String, String>> series(Selector selector, Instant at) {
            return api.series(List.of(selector.promql()), at.minus(Duration.ofHours(1)), at).data();
          }

          @Override
          public String describe() {
            return api.describe();
          }
        },
        policy,
        minEvents,
        parallel,
        Duration.ZERO);
  }

  private SloEvaluator(
      Windows windows,
      Policy policy,
      double minEvents,
      Executor parallel,
      Duration slowWindowEvery) {
    this.windows = windows;
    this.policy = policy;
    this.minEvents = minEvents;
    this.parallel = parallel;
    this.slowWindowEvery = slowWindowEvery;
  }

  /**
   * The same evaluator, but windows that only serve as SLO windows (28d, 30d: no alert rule reads
   * them) are read again only when their last read is older than {@code every}; until then their
   * counts are reused and the snapshot says when they were read. A stale read is re-read in the
   * background while the old counts are still used, up to three times {@code every}; past that the
   * refresh waits for it. Over 30 days such a window is most of Prometheus's work (it reads every
   * raw sample of the window), while the budget it gives moves by a fraction of a percent in a few
   * minutes.
   */
  public SloEvaluator slowWindowsReadEvery(Duration every) {
    return new SloEvaluator(windows, policy, minEvents, parallel, every);
  }

  /** The same evaluator (source, guard, cadence) judging with another alert policy. */
  public SloEvaluator withPolicy(Policy other) {
    return new SloEvaluator(windows, other, minEvents, parallel, slowWindowEvery);
  }

  /**
   * Judges SLOs from counters held in memory (the demo fleet's), with the same plan, engine and
   * policy as against Prometheus. Indicators the store cannot evaluate are named in the snapshot's
   * warnings and read as no data.
   */
  public static SloEvaluator overStore(SeriesStore store, Policy policy, double minEvents) {
    StoreWindows reader = new StoreWindows(store);
    return new SloEvaluator(
        new Windows() {
          @Override
          public WindowAnswer answer(SloQueryPlan plan, Duration w, Instant at) {
            java.util.Set<String> problems = new java.util.LinkedHashSet<>();
            var counts = reader.window(plan.specs(), w, at, problems);
            return new WindowAnswer(counts, List.of(), List.copyOf(problems));
          }

          @Override
          public List<Map<String, String>> series(Selector selector, Instant at) {
            List<Map<String, String>> out = new ArrayList<>();
            for (SeriesStore.Series s : store.series(selector.metric())) {
              if (selector.matches(s.metric(), s.labels())) {
                out.add(s.labels());
              }
            }
            return out;
          }

          @Override
          public String describe() {
            return store.describe();
          }
        },
        policy,
        minEvents,
        Runnable::run,
        Duration.ZERO);
  }

  public Policy policy() {
    return policy;
  }

  public double minEvents() {
    return minEvents;
  }

  public List<Duration> windowsOf(SloSpec spec) {
    Set<Duration> all = new LinkedHashSet<>(STANDARD_BURN_WINDOWS);
    all.addAll(policy.forWindow(spec.window()).windows());
    all.add(spec.window());
    return List.copyOf(all);
  }

  public SloSnapshot evaluate(List<SloSpec> specs, Instant at) {
    SloQueryPlan plan = new SloQueryPlan(specs, this::windowsOf);
    Set<Duration> slow = slowWindows(specs);
    Map<Duration, CompletableFuture<WindowAnswer>> pending = new HashMap<>();
    Map<Duration, Instant> readEarlier = new HashMap<>();
    for (Map.Entry<Duration, String> q : plan.queries().entrySet()) {
      Duration w = q.getKey();
      Kept k = slow.contains(w) ? reusable(plan, w, q.getValue(), at) : null;
      if (k != null) {
        pending.put(w, CompletableFuture.completedFuture(k.answer()));
        if (k.at().isBefore(at)) {
          readEarlier.put(w, k.at());
        }
      } else {
        pending.put(w, read(plan, w, at, slow.contains(w)));
      }
    }

    List<String> warnings = new ArrayList<>();
    Set<String> specProblems = new LinkedHashSet<>();
    Map<Duration, Map<Integer, Map<Map<String, String>, SloQueryPlan.Counts>>> byWindow =
        new HashMap<>();
    PrometheusException firstFailure = null;
    boolean freshAnswer = false;
    for (Duration w : plan.queries().keySet()) {
      try {
        WindowAnswer r = pending.get(w).join();
        byWindow.put(w, r.counts());
        freshAnswer |= !readEarlier.containsKey(w);
        for (String warning : r.warnings()) {
          warnings.add(PromDurations.format(w) + " window: " + warning);
        }
        specProblems.addAll(r.specProblems());
      } catch (CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : e;
        if (!(cause instanceof PrometheusException pe)) {
          throw cause;
        }
        firstFailure = firstFailure == null ? pe : firstFailure;
        warnings.add(PromDurations.format(w) + " window failed: " + pe.getMessage());
      }
    }
    if (firstFailure != null && !freshAnswer) {
      // Only kept answers are left: the source is down, and the caller must say so.
      throw firstFailure;
    }

    List<SloResult> results = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      SloSpec spec = specs.get(i);
      boolean raw = spec.indicator() instanceof Indicator.RawErrorRatio;
      SloEngine engine = new SloEngine(policy.forWindow(spec.window()), raw ? 0 : minEvents);
      Set<Map<String, String>> groups = new LinkedHashSet<>();
      for (var perSlo : byWindow.values()) {
        groups.addAll(perSlo.getOrDefault(i, Map.of()).keySet());
      }
      if (groups.isEmpty()) {
        groups.add(Map.of());
      }
      for (Map<String, String> group : groups) {
        final int index = i;
        SloStatus status =
            engine.evaluate(
                spec.objective(),
                spec.window(),
                STANDARD_BURN_WINDOWS,
                w -> {
                  var c =
                      byWindow.getOrDefault(w, Map.of()).getOrDefault(index, Map.of()).get(group);
                  return c == null ? WindowCounts.NONE : c.toWindowCounts(w);
                });
        results.add(new SloResult(spec, group, status));
      }
    }
    warnings.addAll(specProblems);
    return new SloSnapshot(at, windows.describe(), results, warnings, readEarlier);
  }

  /** Windows no alert rule reads: the SLO windows longer than every burn window. */
  private Set<Duration> slowWindows(List<SloSpec> specs) {
    if (slowWindowEvery.isZero()) {
      return Set.of();
    }
    Set<Duration> burn = new java.util.HashSet<>(STANDARD_BURN_WINDOWS);
    Set<Duration> slow = new java.util.HashSet<>();
    for (SloSpec spec : specs) {
      burn.addAll(policy.forWindow(spec.window()).windows());
      slow.add(spec.window());
    }
    slow.removeAll(burn);
    return slow;
  }

  /**
   * A kept answer for this window and query that may stand in for a read at {@code at}, starting a
   * background re-read when it is due; null when the window must be read now.
   */
  private Kept reusable(SloQueryPlan plan, Duration w, String query, Instant at) {
    Kept k = kept.get(query);
    if (k == null || at.isBefore(k.at())) {
      return null;
    }
    Duration age = Duration.between(k.at(), at);
    if (age.compareTo(slowWindowEvery) <= 0) {
      return k;
    }
    if (age.compareTo(slowWindowEvery.multipliedBy(3)) > 0) {
      return null;
    }
    if (rereading.add(query)) {
      read(plan, w, at, true).whenComplete((a, e) -> rereading.remove(query));
    }
    return k;
  }

  private CompletableFuture<WindowAnswer> read(
      SloQueryPlan plan, Duration w, Instant at, boolean keep) {
    CompletableFuture<WindowAnswer> f =
        CompletableFuture.supplyAsync(() -> windows.answer(plan, w, at), parallel);
    if (!keep) {
      return f;
    }
    String query = plan.queries().get(w);
    return f.thenApply(
        a -> {
          kept.merge(
              query, new Kept(at, a), (old, next) -> next.at().isBefore(old.at()) ? old : next);
          return a;
        });
  }

  /**
   * Checks that each latency SLO's threshold is a real bucket boundary of its histogram (one series
   * request per SLO, so run it when specs change, not on every refresh). A threshold between
   * boundaries would silently count nothing as good.
   */
  public List<String> bucketProblems(List<SloSpec> specs, Instant at) {
    List<String> problems = new ArrayList<>();
    for (SloSpec spec : specs) {
      if (!(spec.indicator() instanceof Indicator.Latency l)) {
        continue;
      }
      Selector buckets = l.success().without("le");
      List<java.util.Map<String, String>> series;
      try {
        series = windows.series(buckets, at);
      } catch (PrometheusException e) {
        problems.add(
            spec.origin() + ": cannot check the buckets of " + buckets + ": " + e.getMessage());
        continue;
      }
      java.util.TreeSet<Double> bounds = new java.util.TreeSet<>();
      for (var labels : series) {
        String le = labels.get("le");
        if (le != null) {
          try {
            bounds.add(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le));
          } catch (NumberFormatException ignored) {
            // not a bucket series
          }
        }
      }
      if (bounds.isEmpty()) {
        problems.add(
            spec.origin() + ": no series match " + buckets + " (is the histogram exported?)");
      } else if (!bounds.contains(l.thresholdSeconds())) {
        problems.add(
            spec.origin()
                + ": indicator.latency.success: le=\""
                + l.success().matcher("le").map(Selector.Matcher::value).orElse("?")
                + "\" is not a bucket boundary of "
                + buckets
                + "; its boundaries are "
                + bounds.stream()
                    .map(b -> b.isInfinite() ? "+Inf" : SloQueryPlan.leSpellings(b).get(0))
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    return problems;
  }

  /** How many requests {@link #evaluate} sends for these SLOs. */
  public int requestCount(List<SloSpec> specs) {
    return new SloQueryPlan(specs, this::windowsOf).queries().size();
  }
}
