package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.ClusterReads.LogStream;
import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.EventFacts;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.PodDetail;
import dev.fleetscope.services.cluster.PodFacts;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.views.widgets.Badge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Pods section: every pod of the clusters and namespace in scope; for the selected pod its
 * containers and resources, its Events, and a container's log (tail, follow, bounded).
 */
public final class PodsViewModel extends ClusterSectionModel {
  /** Lines kept on screen per log; older ones are dropped. */
  public static final int LOG_CAPACITY = 10_000;

  private final Executor fx;
  private final ReadOnlyObjectWrapper<List<PodRow>> rows = new ReadOnlyObjectWrapper<>(List.of());
  private final ObjectProperty<PodRow> selected = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<PodDetail> detail = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper detailStatus = new ReadOnlyStringWrapper("Select a pod.");
  private final ReadOnlyObjectWrapper<List<EventFacts>> events =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyStringWrapper eventsStatus = new ReadOnlyStringWrapper("");
  private final StringProperty container = new SimpleStringProperty("");
  private final BooleanProperty follow = new SimpleBooleanProperty(true);
  private final IntegerProperty tailLines = new SimpleIntegerProperty(500);
  private final LogBuffer log = new LogBuffer(LOG_CAPACITY);
  private final ReadOnlyStringWrapper logStatus = new ReadOnlyStringWrapper("");
  private LogStream stream;
  private long request;

  public PodsViewModel(FleetOverviewSource source, Clock clock, Executor fx) {
    super(source, clock, ResourceKind.PODS);
    this.fx = fx;
    selected.addListener(
        (o, a, b) -> {
          if (b == null || a == null || !a.key().equals(b.key())) {
            loadSelected();
          }
        });
  }

  @Override
  protected void apply(FleetState state, String cluster, String namespace) {
    // Each cluster's pods come in namespace and name order, so clusters in name order give the
    // table's order without sorting; a pod whose facts did not change keeps its row object, so
    // the table compares it by identity.
    List<PodRow> previous = rows.get();
    List<PodRow> next = new ArrayList<>(previous.size());
    List<ClusterState> clusters = new ArrayList<>(state.clusters());
    clusters.sort(Comparator.comparing(ClusterState::context));
    for (ClusterState c : clusters) {
      if (!ClusterScope.inScope(c.context(), cluster)) {
        continue;
      }
      for (PodFacts p : c.pods()) {
        if (ClusterScope.inNamespace(p.namespace(), namespace)) {
          int i = next.size();
          PodRow before = i < previous.size() ? previous.get(i) : null;
          next.add(
              before != null && before.pod() == p && before.cluster().equals(c.context())
                  ? before
                  : new PodRow(c.context(), p));
        }
      }
    }
    rows.set(next);
  }

  /** Called once per pulse by the view: moves arrived log lines onto the screen. */
  public boolean drainLog() {
    return log.drain();
  }

  private void loadSelected() {
    stopLog();
    log.clear();
    long r = ++request;
    detail.set(null);
    events.set(List.of());
    PodRow row = selected.get();
    if (row == null) {
      detailStatus.set("Select a pod.");
      eventsStatus.set("");
      logStatus.set("");
      return;
    }
    PodFacts p = row.pod();
    detailStatus.set("Loading " + p.name() + "…");
    source
        .reads()
        .pod(row.cluster(), p.namespace(), p.name())
        .whenCompleteAsync(
            (d, error) -> {
              if (r != request) {
                return;
              }
              if (error != null) {
                detailStatus.set(message(error));
                return;
              }
              detail.set(d);
              detailStatus.set("");
              String first =
                  d.containers().stream()
                      .filter(c -> !c.init())
                      .map(PodDetail.ContainerDetail::name)
                      .findFirst()
                      .orElse("");
              if (first.equals(container.get())) {
                restartLog();
              } else {
                container.set(first);
              }
            },
            fx);
    eventsStatus.set("Loading events…");
    source
        .reads()
        .events(row.cluster(), "Pod", p.namespace(), p.name())
        .whenCompleteAsync(
            (list, error) -> {
              if (r != request) {
                return;
              }
              if (error != null) {
                eventsStatus.set("Events could not be read: " + message(error));
                return;
              }
              events.set(list);
              eventsStatus.set(list.isEmpty() ? "No events for this pod" : list.size() + " events");
            },
            fx);
  }

  /** (Re)starts the log of the selected container with the current tail and follow settings. */
  public void restartLog() {
    stopLog();
    log.clear();
    PodRow row = selected.get();
    String c = container.get();
    if (row == null || c == null || c.isEmpty()) {
      logStatus.set("");
      return;
    }
    long r = request;
    boolean following = follow.get();
    logStatus.set((following ? "Following " : "Last lines of ") + c + "…");
    stream =
        source
            .reads()
            .logs(
                row.cluster(),
                row.pod().namespace(),
                row.pod().name(),
                c,
                tailLines.get(),
                following,
                log::offer,
                failure ->
                    fx.execute(
                        () -> {
                          if (r != request) {
                            return;
                          }
                          if (failure != null) {
                            logStatus.set(failure);
                          } else {
                            logStatus.set(following ? "Log stream ended by the server" : "");
                          }
                        }));
  }

  public void stopLog() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  private static String message(Throwable error) {
    Throwable cause = error.getCause() == null ? error : error.getCause();
    return cause.getMessage();
  }

  /** {@code kubectl} commands for the selected pod, for the clipboard. */
  public static String kubectl(PodRow row, String container) {
    String base = "kubectl --context " + row.cluster() + " -n " + row.pod().namespace();
    String logs =
        base
            + " logs "
            + row.pod().name()
            + (container.isEmpty() ? "" : " -c " + container)
            + " --tail=500 -f";
    return base + " describe pod " + row.pod().name() + "\n" + logs + "\n";
  }

  public static Badge statusBadge(PodRow r) {
    PodFacts p = r.pod();
    String s = p.status();
    Badge.Severity severity;
    if (s.equals("Running") && p.ready()) {
      severity = Badge.Severity.OK;
    } else if (s.equals("Succeeded") || s.equals("Completed")) {
      severity = Badge.Severity.INFO;
    } else if (s.equals("Pending") || s.equals("ContainerCreating") || s.equals("Running")) {
      severity = Badge.Severity.WARNING;
    } else {
      severity = Badge.Severity.DANGER;
    }
    return new Badge(s, severity);
  }

  @Override
  public void close() {
    stopLog();
    super.close();
  }

  public ReadOnlyObjectProperty<List<PodRow>> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  public ObjectProperty<PodRow> selectedProperty() {
    return selected;
  }

  public ReadOnlyObjectProperty<PodDetail> detailProperty() {
    return detail.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty detailStatusProperty() {
    return detailStatus.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<EventFacts>> eventsProperty() {
    return events.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty eventsStatusProperty() {
    return eventsStatus.getReadOnlyProperty();
  }

  public StringProperty containerProperty() {
    return container;
  }

  public BooleanProperty followProperty() {
    return follow;
  }

  public IntegerProperty tailLinesProperty() {
    return tailLines;
  }

  public LogBuffer log() {
    return log;
  }

  public ReadOnlyStringProperty logStatusProperty() {
    return logStatus.getReadOnlyProperty();
  }
}
