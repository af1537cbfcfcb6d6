package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.EventFacts;
import dev.fleetscope.views.widgets.Badge;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/** Tables the cluster views share: pods and events. */
final class Columns {
  private Columns() {}

  static List<Column<PodRow>> pods(Clock clock, boolean withCluster) {
    List<Column<PodRow>> pod =
        List.of(
            Column.text("Namespace", r -> r.pod().namespace(), 110),
            Column.text("Pod", r -> r.pod().name(), 230),
            Column.badge("Status", PodsViewModel::statusBadge, 120),
            Column.text("Ready", r -> r.pod().readyContainers() + "/" + r.pod().containers(), 55),
            Column.number("Restarts", r -> r.pod().restarts(), 70),
            Column.text("Last termination", r -> r.pod().lastTermination(), 120),
            Column.number("GPUs", r -> r.pod().gpuRequest(), 55),
            Column.text("Node", r -> r.pod().nodeName(), 120),
            Column.text("Owner", r -> r.pod().owner(), 170),
            Column.text("Age", r -> Age.of(r.pod().created(), clock.instant()), 55));
    if (!withCluster) {
      return pod;
    }
    List<Column<PodRow>> all = new java.util.ArrayList<>();
    all.add(Column.text("Cluster", PodRow::cluster, 110));
    all.addAll(pod);
    return all;
  }

  static DataTable<EventFacts> events(Clock clock, Executor io) {
    DataTable<EventFacts> t =
        new DataTable<>(
            "Events",
            List.of(
                Column.badge(
                    "Type",
                    e ->
                        new Badge(
                            e.type(),
                            "Warning".equals(e.type())
                                ? Badge.Severity.WARNING
                                : Badge.Severity.INFO),
                    80),
                Column.text("Reason", EventFacts::reason, 130),
                Column.text("Message", EventFacts::message, 420),
                Column.number("Count", EventFacts::count, 60),
                Column.text("Last seen", e -> Age.of(e.lastSeen(), clock.instant()), 75),
                Column.text("Source", EventFacts::source, 120)),
            e -> e.reason() + "/" + e.message() + "/" + e.lastSeen(),
            io);
    t.setPlaceholder("No events");
    return t;
  }
}
