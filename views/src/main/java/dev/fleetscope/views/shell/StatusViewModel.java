package dev.fleetscope.views.shell;

import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.ProblemLog;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.metrics.MetricsSourceHealth;
import dev.fleetscope.services.metrics.MetricsSourceStatus;
import dev.fleetscope.views.common.Ages;
import dev.fleetscope.views.common.Dirty;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The status bar's state: which clusters and metrics source the console is connected to, whether
 * this is the demo, how old the data on screen is, and the problems to show the user.
 */
public final class StatusViewModel implements AutoCloseable {
  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final FleetOverviewSource fleet;
  private final MetricsSourceHealth metrics;
  private final ProblemLog problemLog;
  private final Clock clock;
  private final Dirty dirty = new Dirty();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final ReadOnlyBooleanWrapper demo = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper clusters = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper clustersHealthy = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyStringWrapper metricsText = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper metricsHealthy = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyStringWrapper age = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper problemsSummary = new ReadOnlyStringWrapper("No problems");
  private final ReadOnlyObjectWrapper<List<String>> problems =
      new ReadOnlyObjectWrapper<>(List.of());
  private Instant lastTick = Instant.EPOCH;

  public StatusViewModel(
      FleetOverviewSource fleet, MetricsSourceHealth metrics, ProblemLog problemLog, Clock clock) {
    this.fleet = fleet;
    this.metrics = metrics;
    this.problemLog = problemLog;
    this.clock = clock;
    subscriptions.add(fleet.onChange(dirty::mark));
    subscriptions.add(metrics.onChange(dirty::mark));
    subscriptions.add(problemLog.onChange(dirty::mark));
  }

  /** Called once per pulse; recomputes when a source changed, and the age once a second. */
  public void refresh() {
    Instant now = clock.instant();
    if (dirty.consume() || now.minusSeconds(1).isAfter(lastTick)) {
      recompute(now);
      lastTick = now;
    }
  }

  private void recompute(Instant now) {
    FleetOverview o = fleet.snapshot();
    demo.set(o.origin() == DataOrigin.DEMO);
    long live =
        o.clusters().stream().filter(c -> c.status().state() == ConnectionState.LIVE).count();
    String names = String.join(", ", o.clusters().stream().map(ClusterOverview::context).toList());
    clusters.set(
        o.clusters().isEmpty()
            ? "No cluster connected"
            : "Clusters " + live + "/" + o.clusters().size() + " live: " + names);
    clustersHealthy.set(live == o.clusters().size());

    MetricsSourceStatus m = metrics.status();
    if (!m.configured()) {
      metricsText.set("Metrics: none configured");
      metricsHealthy.set(true);
    } else {
      String kind =
          switch (m.origin()) {
            case DEMO -> "demo endpoint";
            case PROMETHEUS -> "Prometheus";
            default -> "scrape";
          };
      metricsText.set(
          "Metrics: "
              + kind
              + " "
              + m.url()
              + (m.reachable()
                  ? " (" + m.detail() + ", " + m.latencyMillis() + " ms)"
                  : " (" + (m.checkedAt() == null ? "checking" : "not answering") + ")"));
      metricsHealthy.set(m.reachable() || m.checkedAt() == null);
    }

    boolean anyStale =
        o.clusters().stream().anyMatch(c -> c.status().state() == ConnectionState.STALE);
    stale.set(anyStale);
    age.set(
        o.oldestContact()
            .map(
                t ->
                    (anyStale ? "STALE data from " : "Data as of ")
                        + HMS.format(t)
                        + " ("
                        + Ages.ago(t, now)
                        + ")")
            .orElse(o.settled() ? "No data" : "Waiting for data…"));

    List<String> list = new ArrayList<>();
    for (ClusterOverview c : o.clusters()) {
      if (!c.status().cause().isEmpty()) {
        list.add(c.status().cause());
      }
    }
    if (m.configured() && !m.reachable() && m.checkedAt() != null) {
      list.add("Metrics: " + m.detail());
    }
    for (ProblemLog.Problem p : problemLog.recent()) {
      list.add(HMS.format(p.at()) + " " + p.source() + ": " + p.message());
    }
    problems.set(List.copyOf(list));
    problemsSummary.set(
        list.isEmpty()
            ? "No problems"
            : list.size() == 1 ? "1 problem" : list.size() + " problems");
  }

  public ReadOnlyBooleanProperty demoProperty() {
    return demo.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty clustersProperty() {
    return clusters.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty clustersHealthyProperty() {
    return clustersHealthy.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty metricsProperty() {
    return metricsText.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty metricsHealthyProperty() {
    return metricsHealthy.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty ageProperty() {
    return age.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty staleProperty() {
    return stale.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty problemsSummaryProperty() {
    return problemsSummary.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<String>> problemsProperty() {
    return problems.getReadOnlyProperty();
  }

  @Override
  public void close() {
    subscriptions.forEach(Subscription::close);
  }
}
