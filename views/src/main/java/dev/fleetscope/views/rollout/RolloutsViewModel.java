package dev.fleetscope.views.rollout;

import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.rollout.AnalysisRun;
import dev.fleetscope.services.rollout.CanaryReport;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutAction;
import dev.fleetscope.services.rollout.RolloutActions;
import dev.fleetscope.services.rollout.RolloutBoard;
import dev.fleetscope.services.rollout.RolloutOperator;
import dev.fleetscope.views.common.Dirty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Gray releases section's state: the Rollouts of every cluster (in-flight first), the one in
 * focus with its analysis and runs, and the action being confirmed. Actions go plan → RBAC check →
 * confirmation → send; nothing is sent without {@link #confirm()}.
 */
public final class RolloutsViewModel implements AutoCloseable {
  private final RolloutSource source;
  private final Executor fx;
  private final Dirty dirty = new Dirty();
  private final Subscription subscription;
  private final ObjectProperty<List<RolloutRow>> rows = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<List<dev.fleetscope.services.rollout.WatchedRelease>> watched =
      new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<RolloutRow> selected = new SimpleObjectProperty<>();
  private final ObjectProperty<List<AnalysisRun>> runs = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<Instant> now = new SimpleObjectProperty<>();
  private final ObjectProperty<RolloutOperator.Prepared> pending = new SimpleObjectProperty<>();
  private final StringProperty summary = new SimpleStringProperty("Reading rollouts…");
  private final StringProperty problems = new SimpleStringProperty("");
  private final StringProperty actionStatus = new SimpleStringProperty("");
  private final BooleanProperty busy = new SimpleBooleanProperty();
  private RolloutBoard board = RolloutBoard.empty("");
  private boolean loaded;

  /**
   * @param fx where results of background work are applied (the FX thread in the console)
   */
  public RolloutsViewModel(RolloutSource source, Executor fx) {
    this.source = source;
    this.fx = fx;
    this.subscription = source.subscribe(dirty::mark);
    dirty.mark();
  }

  /** On the FX thread, once per pulse. */
  public void drain() {
    if (!dirty.consume()) {
      return;
    }
    apply(source.board());
  }

  void apply(RolloutBoard b) {
    board = b;
    List<RolloutRow> next = new ArrayList<>();
    for (Rollout r : b.rollouts()) {
      CanaryReport report = b.reports().get(r.key());
      next.add(new RolloutRow(r, report));
    }
    next.sort(
        Comparator.comparing((RolloutRow r) -> !r.rollout().updating())
            .thenComparing(r -> r.rollout().context())
            .thenComparing(r -> r.rollout().namespace())
            .thenComparing(r -> r.rollout().name()));
    rows.set(List.copyOf(next));
    watched.set(b.watched());
    now.set(b.now());
    long inFlight = next.stream().filter(r -> r.rollout().updating()).count();
    if (b.at() != null) {
      loaded = true;
      summary.set(
          next.size()
              + (next.size() == 1 ? " rollout" : " rollouts")
              + " in "
              + b.scans().size()
              + (b.scans().size() == 1 ? " cluster" : " clusters")
              + ", "
              + inFlight
              + " in flight"
              + (b.metricsSource().isEmpty() ? "" : " · analysis from " + b.metricsSource())
              + (source.readOnly() ? " · READ-ONLY: actions are off" : ""));
    }
    problems.set(String.join("\n", b.problems()));
    RolloutRow current = selected.get();
    RolloutRow fresh = null;
    if (current != null) {
      for (RolloutRow r : next) {
        if (r.key().equals(current.key())) {
          fresh = r;
        }
      }
    }
    if (fresh == null && !next.isEmpty()) {
      fresh = next.get(0);
    }
    selected.set(fresh);
    runs.set(fresh == null ? List.of() : b.runsOf(fresh.rollout()));
  }

  public void select(RolloutRow row) {
    selected.set(row);
    runs.set(row == null ? List.of() : board.runsOf(row.rollout()));
    pending.set(null);
    actionStatus.set("");
  }

  /** The actions for the selected rollout (none in read-only mode). */
  public List<RolloutActions.Offer> offers() {
    RolloutRow r = selected.get();
    if (r == null || source.readOnly()) {
      return List.of();
    }
    return RolloutActions.offers(r.rollout());
  }

  public boolean readOnly() {
    return source.readOnly();
  }

  /** Plans the action for the selected rollout and checks RBAC; then waits for confirmation. */
  public void request(RolloutAction action) {
    RolloutRow r = selected.get();
    if (r == null || source.readOnly()) {
      return;
    }
    busy.set(true);
    actionStatus.set("Checking permissions for " + action.label().toLowerCase() + "…");
    source
        .prepare(r.rollout(), action)
        .whenCompleteAsync(
            (p, error) -> {
              busy.set(false);
              if (error != null) {
                actionStatus.set("Cannot " + action.label().toLowerCase() + ": " + message(error));
              } else if (!p.allowed()) {
                pending.set(null);
                actionStatus.set(p.deniedBecause());
              } else {
                actionStatus.set("");
                pending.set(p);
              }
            },
            fx);
  }

  /** Sends the action waiting for confirmation. */
  public void confirm() {
    RolloutOperator.Prepared p = pending.get();
    if (p == null) {
      return;
    }
    pending.set(null);
    busy.set(true);
    actionStatus.set("Sending " + p.plan().action().label().toLowerCase() + "…");
    source
        .execute(p)
        .whenCompleteAsync(
            (o, error) -> {
              busy.set(false);
              actionStatus.set(error != null ? "Failed: " + message(error) : o.message());
              source.refreshNow();
            },
            fx);
  }

  public void cancel() {
    pending.set(null);
    actionStatus.set("Cancelled: nothing was sent.");
  }

  private static String message(Throwable t) {
    Throwable c = t.getCause() != null ? t.getCause() : t;
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  public void refresh() {
    source.refreshNow();
  }

  public java.util.Optional<RolloutSource.DemoSwitch> canaryRegression() {
    return source.canaryRegression();
  }

  public boolean loaded() {
    return loaded;
  }

  public ReadOnlyObjectProperty<List<RolloutRow>> rowsProperty() {
    return rows;
  }

  /** Flagger Canaries and Deployment pairs: shown, never acted on. */
  public ReadOnlyObjectProperty<List<dev.fleetscope.services.rollout.WatchedRelease>>
      watchedProperty() {
    return watched;
  }

  public ReadOnlyObjectProperty<RolloutRow> selectedProperty() {
    return selected;
  }

  public ReadOnlyObjectProperty<List<AnalysisRun>> runsProperty() {
    return runs;
  }

  public ReadOnlyObjectProperty<Instant> nowProperty() {
    return now;
  }

  public ReadOnlyObjectProperty<RolloutOperator.Prepared> pendingProperty() {
    return pending;
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary;
  }

  public ReadOnlyStringProperty problemsProperty() {
    return problems;
  }

  public ReadOnlyStringProperty actionStatusProperty() {
    return actionStatus;
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  @Override
  public void close() {
    subscription.close();
  }
}
