package dev.fleetscope.views.cluster;

import dev.fleetscope.views.shell.Drill;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.DataTable;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.VBox;

/** What the Nodes, Workloads and Pods views share: a root, a main table, a model on the pulse. */
abstract class ClusterSectionView<M extends ClusterSectionModel, T> implements SectionView {
  protected final M model;
  protected final VBox root = new VBox(8);
  private Runnable unregister = () -> {};

  ClusterSectionView(M model) {
    this.model = model;
    root.getStyleClass().add("section");
  }

  /** The section's main table (filter box, Ctrl+F, drill-down query). */
  abstract DataTable<T> mainTable();

  /** Registers the per-pulse work; the view calls it once it is built. */
  final void onPulse(Runnable unregisterPulse) {
    this.unregister = unregisterPulse;
  }

  @Override
  public Node node() {
    return root;
  }

  @Override
  public ObservableBooleanValue loaded() {
    return model.loadedProperty();
  }

  @Override
  public void focusSearch() {
    mainTable().focusSearch();
  }

  /** Scopes to the drill's cluster (all namespaces) and types its query into the filter. */
  @Override
  public void drill(Drill d) {
    model.clusterProperty().set(d.cluster().isEmpty() ? ClusterScope.ALL_CLUSTERS : d.cluster());
    model.namespaceProperty().set(ClusterScope.ALL_NAMESPACES);
    model.refresh();
    mainTable().searchField().setText(d.query());
  }

  @Override
  public void close() {
    unregister.run();
    model.close();
  }
}
