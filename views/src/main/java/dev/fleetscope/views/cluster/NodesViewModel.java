package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.FleetRows;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.NodeRow;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.views.widgets.Badge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The Nodes section: every node of the clusters in scope, with its GPUs and what pods ask. */
public final class NodesViewModel extends ClusterSectionModel {
  private final ReadOnlyObjectWrapper<List<NodeRow>> rows = new ReadOnlyObjectWrapper<>(List.of());

  public NodesViewModel(FleetOverviewSource source, Clock clock) {
    super(source, clock, ResourceKind.NODES, ResourceKind.PODS);
  }

  @Override
  protected void apply(FleetState state, String cluster, String namespace) {
    List<NodeRow> next = new ArrayList<>();
    for (ClusterState c : state.clusters()) {
      if (ClusterScope.inScope(c.context(), cluster)) {
        next.addAll(FleetRows.nodes(c));
      }
    }
    rows.set(next);
  }

  public ReadOnlyObjectProperty<List<NodeRow>> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  public static Badge stateBadge(NodeRow r) {
    if (!r.node().ready()) {
      return new Badge(r.state(), Badge.Severity.DANGER);
    }
    if (r.node().cordoned() || !r.node().problems().isEmpty()) {
      return new Badge(r.state(), Badge.Severity.WARNING);
    }
    return new Badge(r.state(), Badge.Severity.OK);
  }
}
