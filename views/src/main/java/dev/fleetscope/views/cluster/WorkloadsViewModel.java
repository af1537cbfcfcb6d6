package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.EventFacts;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.FleetRows;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.PodFacts;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WorkloadRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Workloads section: Deployments, StatefulSets, Argo Rollouts and LeaderWorkerSets of the
 * clusters in scope; the pods of the selected one; its Events, fetched when it is selected.
 */
public final class WorkloadsViewModel extends ClusterSectionModel {
  private final Executor fx;
  private final ReadOnlyObjectWrapper<List<WorkloadRow>> rows =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ObjectProperty<WorkloadRow> selected = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<List<PodRow>> pods = new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<List<EventFacts>> events =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyStringWrapper eventsStatus = new ReadOnlyStringWrapper("");
  private long eventsRequest;

  /**
   * @param fx where answers of on-demand reads are applied (the FX thread in the app)
   */
  public WorkloadsViewModel(FleetOverviewSource source, Clock clock, Executor fx) {
    super(
        source,
        clock,
        ResourceKind.DEPLOYMENTS,
        ResourceKind.STATEFULSETS,
        ResourceKind.ROLLOUTS,
        ResourceKind.LEADERWORKERSETS,
        ResourceKind.PODS);
    this.fx = fx;
    selected.addListener(
        (o, a, b) -> {
          if (b == null || a == null || !key(a).equals(key(b))) {
            updatePods();
            loadEvents();
          }
        });
  }

  static String key(WorkloadRow r) {
    return r.cluster()
        + "/"
        + r.workload().kind()
        + "/"
        + r.workload().namespace()
        + "/"
        + r.workload().name();
  }

  @Override
  protected void apply(FleetState state, String cluster, String namespace) {
    List<WorkloadRow> next = new ArrayList<>();
    for (ClusterState c : state.clusters()) {
      if (!ClusterScope.inScope(c.context(), cluster)) {
        continue;
      }
      for (WorkloadRow r : FleetRows.workloads(c, false)) {
        if (ClusterScope.inNamespace(r.workload().namespace(), namespace)) {
          next.add(r);
        }
      }
    }
    rows.set(next);
    updatePods();
  }

  private void updatePods() {
    WorkloadRow w = selected.get();
    FleetState s = state();
    if (w == null || s == null) {
      pods.set(List.of());
      return;
    }
    List<PodRow> next = new ArrayList<>();
    s.cluster(w.cluster())
        .ifPresent(
            c -> {
              for (PodFacts p : FleetRows.podsOf(c, w.workload())) {
                next.add(new PodRow(c.context(), p));
              }
            });
    if (!next.equals(pods.get())) {
      pods.set(next);
    }
  }

  /** Fetches the selected workload's Events (never all of a cluster's). */
  public void loadEvents() {
    WorkloadRow w = selected.get();
    long request = ++eventsRequest;
    events.set(List.of());
    if (w == null) {
      eventsStatus.set("");
      return;
    }
    eventsStatus.set("Loading events of " + w.workload().kind() + " " + w.workload().name() + "…");
    source
        .reads()
        .events(w.cluster(), w.workload().kind(), w.workload().namespace(), w.workload().name())
        .whenCompleteAsync(
            (list, error) -> {
              if (request != eventsRequest) {
                return; // the selection moved on
              }
              if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                eventsStatus.set("Events could not be read: " + cause.getMessage());
                return;
              }
              events.set(list);
              eventsStatus.set(
                  list.isEmpty()
                      ? "No events for "
                          + w.workload().name()
                          + " (events expire after an hour by default)"
                      : list.size() + " events");
            },
            fx);
  }

  public ReadOnlyObjectProperty<List<WorkloadRow>> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  public ObjectProperty<WorkloadRow> selectedProperty() {
    return selected;
  }

  public ReadOnlyObjectProperty<List<PodRow>> podsProperty() {
    return pods.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<EventFacts>> eventsProperty() {
    return events.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty eventsStatusProperty() {
    return eventsStatus.getReadOnlyProperty();
  }
}
