package dev.fleetscope.views.slo;

import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.slo.AlertState;
import dev.fleetscope.services.slo.SloBoard;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSnapshot;
import dev.fleetscope.services.slo.SloTrends;
import dev.fleetscope.views.common.Dirty;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * State of the SLO section: every SLO of every source, least budget first, whether each source is
 * stale and why, the SLO in focus with its trends over a chosen range and, on request, split by a
 * version label. Boards arrive on background threads and are drained once per pulse.
 */
public final class SloViewModel {
  static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** One SLO (one group of it) as the list shows it, with its source's freshness. */
  /**
   * @param windowReadAt when the SLO window's counts (budget, SLI over the window) were read, where
   *     that was before the rest of the row (they are re-read on a slower cadence)
   */
  public record SloRow(
      SloResult result,
      String source,
      Optional<Instant> staleSince,
      String cause,
      Optional<Instant> windowReadAt) {
    public String key() {
      return result.spec().key() + result.group();
    }

    public boolean stale() {
      return staleSince.isPresent();
    }
  }

  /** The time ranges the detail charts offer. */
  public enum Range {
    HOUR("1 h", Duration.ofHours(1)),
    SIX_HOURS("6 h", Duration.ofHours(6)),
    DAY("1 d", Duration.ofDays(1)),
    WEEK("7 d", Duration.ofDays(7)),
    WINDOW("28 d", Duration.ofDays(28));

    final String label;
    final Duration length;

    Range(String label, Duration length) {
      this.label = label;
      this.length = length;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Points per trend series (about one per pixel column of the detail charts). */
  static final int TREND_POINTS = 360;

  /** Trends follow the boards no more often than this. */
  static final Duration MIN_TREND_STEP = Duration.ofSeconds(30);

  private final SloSource source;
  private final Executor background;
  private final Executor ui;
  private final Dirty dirty = new Dirty();
  private final AtomicLong trendRequest = new AtomicLong();
  private final AtomicLong splitRequest = new AtomicLong();
  private final ReadOnlyObjectWrapper<List<SloRow>> rows = new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Reading SLOs…");
  private final ReadOnlyStringWrapper stale = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<List<String>> problems =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<SloRow> selected = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<SloTrends> trends = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper trendsStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<List<SloResult>> splitRows =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyStringWrapper splitStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Range> range = new ReadOnlyObjectWrapper<>(Range.SIX_HOURS);
  private String splitLabel = "";

  /** The end of the last trends asked for, and whether that load is still running (FX thread). */
  private Instant trendsTo;

  private boolean trendsLoading;
  private boolean loaded;
  private Subscription subscription;

  public SloViewModel(SloSource source, Executor background, Executor ui) {
    this.source = source;
    this.background = background;
    this.ui = ui;
  }

  /** Starts listening; boards are drained by {@link #drain()} once per pulse. */
  public void start() {
    subscription = source.subscribe(dirty::mark);
    dirty.mark();
  }

  /** On the FX thread, once per pulse: rebuilds the list if a board changed. */
  public void drain() {
    if (!dirty.consume()) {
      return;
    }
    List<SloBoard> boards = source.boards();
    List<SloRow> next = new ArrayList<>();
    List<String> staleLines = new ArrayList<>();
    List<String> problemLines = new ArrayList<>();
    boolean refreshing = false;
    Instant evaluated = null;
    for (SloBoard b : boards) {
      refreshing |= b.refreshing() || b.snapshot().isEmpty() && !b.stale();
      for (SloResult r : b.results()) {
        Optional<Instant> windowRead = b.snapshot().flatMap(snap -> snap.readAt(r.spec().window()));
        next.add(new SloRow(r, b.source(), b.staleSince(), b.staleCause(), windowRead));
      }
      b.staleSince()
          .ifPresent(
              since ->
                  staleLines.add(
                      b.source()
                          + ": stale since "
                          + CLOCK.format(since)
                          + " UTC: "
                          + b.staleCause()
                          + (b.snapshot().isPresent() ? " (showing the last good values)" : "")));
      problemLines.addAll(b.problems());
      b.snapshot().map(SloSnapshot::warnings).ifPresent(problemLines::addAll);
      if (b.snapshot().isPresent()) {
        Instant at = b.snapshot().get().at();
        evaluated = evaluated == null || at.isAfter(evaluated) ? at : evaluated;
      }
    }
    next.sort((a, b) -> SloSnapshot.BY_BUDGET_REMAINING.compare(a.result(), b.result()));
    rows.set(List.copyOf(next));
    stale.set(String.join("\n", staleLines));
    problems.set(List.copyOf(problemLines));
    long burning =
        next.stream().filter(r -> r.result().status().state() == AlertState.PAGE).count();
    if (boards.isEmpty()) {
      status.set(
          "No SLO source: connect a cluster with Pyrra or Sloth SLOs, a Prometheus, or pass --slo-file.");
    } else if (next.isEmpty() && refreshing) {
      status.set("Reading SLOs…");
    } else {
      status.set(
          String.format(
              Locale.ROOT,
              "%d SLOs from %d source%s, %d paging; judged %s%s",
              next.size(),
              boards.size(),
              boards.size() == 1 ? "" : "s",
              burning,
              evaluated == null ? "—" : "at " + CLOCK.format(evaluated) + " UTC",
              source.fixedTime() ? " (fixed by --at, for review)" : ""));
      loaded = loaded || !next.isEmpty() || !staleLines.isEmpty() || !refreshing;
    }
    SloRow current = selected.get();
    if (current != null) {
      next.stream().filter(r -> r.key().equals(current.key())).findFirst().ifPresent(selected::set);
    } else if (!next.isEmpty()) {
      // Open on the most urgent SLO: a paging one if any, else the least budget left.
      select(
          next.stream()
              .min(java.util.Comparator.comparing((SloRow r) -> r.result().status().state()))
              .orElseThrow());
    }
    followTime();
  }

  /**
   * Keeps the charts moving with the boards: once the evaluation time has moved on by a chart step
   * (the range over 360 points, at least 30 s) the focused SLO's trends are read again, in place,
   * with no "Loading" line. A fixed {@code --at} time never moves, so nothing reloads.
   */
  private void followTime() {
    if (selected.get() == null || trendsTo == null || trendsLoading) {
      return;
    }
    Duration step = range.get().length.dividedBy(TREND_POINTS);
    Duration due = step.compareTo(MIN_TREND_STEP) < 0 ? MIN_TREND_STEP : step;
    if (Duration.between(trendsTo, source.evaluationTime()).compareTo(due) >= 0) {
      loadTrends(true);
    }
  }

  /** True once the first boards (or failures) have arrived. */
  public boolean loaded() {
    return loaded;
  }

  public void refresh() {
    source.refreshNow();
  }

  /** The alert policy the SLOs are judged with. */
  public dev.fleetscope.services.slo.SloEvaluator.Policy policy() {
    return source.policy();
  }

  /** Judges with another alert policy; the rows change with the next board. */
  public void setPolicy(dev.fleetscope.services.slo.SloEvaluator.Policy policy) {
    if (policy != null && policy != source.policy()) {
      background.execute(() -> source.setPolicy(policy));
    }
  }

  /** Focuses one SLO: loads its trends over the current range and clears any split. */
  public void select(SloRow row) {
    if (row == null || (selected.get() != null && selected.get().key().equals(row.key()))) {
      selected.set(row);
      return;
    }
    selected.set(row);
    splitRows.set(List.of());
    splitStatus.set("");
    loadTrends();
    if (!splitLabel.isEmpty()) {
      split(splitLabel);
    }
  }

  public void setRange(Range r) {
    range.set(Objects.requireNonNull(r));
    loadTrends();
  }

  /** Reloads the focused SLO's trends (for example after the range changed). */
  public void loadTrends() {
    loadTrends(false);
  }

  private void loadTrends(boolean quiet) {
    SloRow row = selected.get();
    if (row == null) {
      return;
    }
    long id = trendRequest.incrementAndGet();
    Instant to = source.evaluationTime();
    Instant from = to.minus(range.get().length);
    trendsTo = to;
    trendsLoading = true;
    if (!quiet) {
      trendsStatus.set("Loading " + range.get().label + " of " + row.result().title() + "…");
    }
    background.execute(
        () -> {
          try {
            SloTrends t = source.trends(row.result(), from, to, TREND_POINTS);
            ui.execute(
                () -> {
                  if (id == trendRequest.get()) {
                    trendsLoading = false;
                    trends.set(t);
                    trendsStatus.set(String.join("; ", t.notes()));
                  }
                });
          } catch (RuntimeException e) {
            ui.execute(
                () -> {
                  if (id == trendRequest.get()) {
                    trendsLoading = false;
                    trendsStatus.set("Could not load the trends: " + message(e));
                  }
                });
          }
        });
  }

  /** Splits the focused SLO by a label (empty: no split). */
  public void split(String label) {
    splitLabel = label == null ? "" : label.strip();
    SloRow row = selected.get();
    long id = splitRequest.incrementAndGet();
    if (row == null || splitLabel.isEmpty()) {
      splitRows.set(List.of());
      splitStatus.set("");
      return;
    }
    splitStatus.set("Splitting by " + splitLabel + "…");
    String label2 = splitLabel;
    background.execute(
        () -> {
          try {
            List<SloResult> parts = source.split(row.result(), label2);
            ui.execute(
                () -> {
                  if (id == splitRequest.get()) {
                    splitRows.set(parts);
                    splitStatus.set(
                        parts.isEmpty()
                            ? "No series of this SLO carry the label " + label2
                            : parts.size() + " values of " + label2);
                  }
                });
          } catch (RuntimeException e) {
            ui.execute(
                () -> {
                  if (id == splitRequest.get()) {
                    splitStatus.set("Could not split by " + label2 + ": " + message(e));
                  }
                });
          }
        });
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  public void close() {
    if (subscription != null) {
      subscription.close();
    }
  }

  public ReadOnlyObjectProperty<List<SloRow>> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty staleProperty() {
    return stale.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<String>> problemsProperty() {
    return problems.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<SloRow> selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<SloTrends> trendsProperty() {
    return trends.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty trendsStatusProperty() {
    return trendsStatus.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<SloResult>> splitProperty() {
    return splitRows.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty splitStatusProperty() {
    return splitStatus.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Range> rangeProperty() {
    return range.getReadOnlyProperty();
  }
}
